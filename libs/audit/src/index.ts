export * from './audit.module';
export * from './audit.service';
export * from './audit-events';
export type { AuditFilter, AuditLogEntry } from './audit.repository';
