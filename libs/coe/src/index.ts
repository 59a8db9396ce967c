import { projectPath } from '@app/platform';

export * from './api/api-keys.service';
export * from './api/coe-api.controller';
export * from './api/coe-api.service';
export * from './api/coe-json';
export * from './api/openapi';
export * from './calendar';
export * from './coe-ledger.repository';
export * from './coe-number';
export * from './coe-topic';
export * from './coe.entity';
export * from './coe.forms';
export * from './coe.module';
export * from './coe.repository';
export * from './coe.service';
export * from './nationalities';
export * from './office/coe-search';
export * from './office/office-coe.controller';
export * from './office/office-ledger.service';
export * from './receipt-ledger.repository';
export * from './receipt-state';
export * from './receipts.controller';
export * from './reminders/reminder-policy';
export * from './reminders/reminder-sweep';
export * from './statuses';
export * from './verify.controller';

export const COE_VIEWS = projectPath('libs/coe/src/views');
