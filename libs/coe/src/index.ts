import { projectPath } from '@app/platform';

export * from './api/api-keys.service';
export * from './api/coe-api.controller';
export * from './api/openapi';
export * from './calendar';
export * from './coe-number';
export * from './coe.entity';
export * from './coe.forms';
export * from './coe.module';
export * from './coe.service';
export * from './nationalities';
export * from './office/coe-search';
export * from './office/office-coe.controller';
export * from './receipt-ledger';
export * from './receipts.controller';
export * from './reminders/reminder-policy';
export * from './reminders/reminder-sweep';
export * from './statuses';
export * from './verify.controller';

export const COE_VIEWS = projectPath('libs/coe/src/views');
