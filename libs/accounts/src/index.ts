import { projectPath } from '@app/platform';

export * from './accounts.module';
export * from './categories';
export * from './email-token.service';
export * from './legacy/legacy-import.service';
export * from './recovery/recovery.controller';
export * from './recovery/recovery.service';
export * from './registration/registration.controller';
export * from './registration/registration.forms';
export * from './registration/registration.service';
export * from './user-id';
export * from './user.entity';
export * from './users.repository';
export * from './users.service';

export const ACCOUNTS_VIEWS = projectPath('libs/accounts/src/views');
export * from './legacy/legacy-csv';
export * from './office/approval.forms';
export * from './office/office-users.controller';
