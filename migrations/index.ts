import { CreatePlatformTables1763776800000 } from './1763776800000-CreatePlatformTables';
import { CreateAccounts1763863200000 } from './1763863200000-CreateAccounts';
import { CreateCoeAndOffice1763949600000 } from './1763949600000-CreateCoeAndOffice';
import { AddCoeCountToUser1764036000000 } from './1764036000000-AddCoeCountToUser';
import { AddReminderIndex1764122400000 } from './1764122400000-AddReminderIndex';

/** Every migration, in order. Listed explicitly so the same list works from sources (tests) and dist. */
export const MIGRATIONS = [
  CreatePlatformTables1763776800000,
  CreateAccounts1763863200000,
  CreateCoeAndOffice1763949600000,
  AddCoeCountToUser1764036000000,
  AddReminderIndex1764122400000,
];
