import { CreatePlatformTables1763776800000 } from './1763776800000-CreatePlatformTables';
import { CreateAccounts1763863200000 } from './1763863200000-CreateAccounts';
import { CreateCoeAndOffice1763949600000 } from './1763949600000-CreateCoeAndOffice';
import { AddCoeCountToUser1764036000000 } from './1764036000000-AddCoeCountToUser';
import { AddReminderIndex1764122400000 } from './1764122400000-AddReminderIndex';
import { OutboxTopic1764208800000 } from './1764208800000-OutboxTopic';
import { CoeRecipientCount1764295200000 } from './1764295200000-CoeRecipientCount';
import { IdempotencyScope1764381600000 } from './1764381600000-IdempotencyScope';
import { CredentialsVersion1764468000000 } from './1764468000000-CredentialsVersion';
import { OpenTokensIndex1764554400000 } from './1764554400000-OpenTokensIndex';
import { OutboxSecretsAndRetention1764640800000 } from './1764640800000-OutboxSecretsAndRetention';
import { AuditLogFilters1764727200000 } from './1764727200000-AuditLogFilters';
import { CoeDocument1764900000000 } from './1764900000000-CoeDocument';
import { OutboxPriority1764986400000 } from './1764986400000-OutboxPriority';
import { CoeIssuedIndex1765029600000 } from './1765029600000-CoeIssuedIndex';
import { CoeRecipientSeq1765288800000 } from './1765288800000-CoeRecipientSeq';
import { CoeTally1765375200000 } from './1765375200000-CoeTally';
import { CoeHolderPrefixCovering1765548000000 } from './1765548000000-CoeHolderPrefixCovering';
import { CreateApplications1765634400000 } from './1765634400000-CreateApplications';
import { ApplicationDocumentPurge1766066400000 } from './1766066400000-ApplicationDocumentPurge';
import { SealTotpSecrets1766152800000 } from './1766152800000-SealTotpSecrets';

/** Every migration, in order. Listed explicitly so the same list works from sources (tests) and dist. */
export const MIGRATIONS = [
  CreatePlatformTables1763776800000,
  CreateAccounts1763863200000,
  CreateCoeAndOffice1763949600000,
  AddCoeCountToUser1764036000000,
  AddReminderIndex1764122400000,
  OutboxTopic1764208800000,
  CoeRecipientCount1764295200000,
  IdempotencyScope1764381600000,
  CredentialsVersion1764468000000,
  OpenTokensIndex1764554400000,
  OutboxSecretsAndRetention1764640800000,
  AuditLogFilters1764727200000,
  CoeDocument1764900000000,
  OutboxPriority1764986400000,
  CoeIssuedIndex1765029600000,
  CoeRecipientSeq1765288800000,
  CoeTally1765375200000,
  CoeHolderPrefixCovering1765548000000,
  CreateApplications1765634400000,
  ApplicationDocumentPurge1766066400000,
  SealTotpSecrets1766152800000,
];
