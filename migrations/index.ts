import { CreatePlatformTables1763776800000 } from './1763776800000-CreatePlatformTables';
import { CreateAccounts1763863200000 } from './1763863200000-CreateAccounts';

/** Every migration, in order. Listed explicitly so the same list works from sources (tests) and dist. */
export const MIGRATIONS = [CreatePlatformTables1763776800000, CreateAccounts1763863200000];
