import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the office's audit-log page (newest first, by officer, by date range) and for the bound
 * on rejected API keys per client address, which counts recent entries of one event from one address.
 * The filters by user and by event already have theirs.
 */
export class AuditLogFilters1764727200000 implements MigrationInterface {
  name = 'AuditLogFilters1764727200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "audit_log_at_idx" ON "audit_log" ("at" DESC, "id" DESC)`);
    await q.query(`CREATE INDEX "audit_log_actor_idx" ON "audit_log" (upper("actor"), "at")`);
    await q.query(`CREATE INDEX "audit_log_event_ip_idx" ON "audit_log" ("event", "ip", "at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "audit_log_event_ip_idx"`);
    await q.query(`DROP INDEX "audit_log_actor_idx"`);
    await q.query(`DROP INDEX "audit_log_at_idx"`);
  }
}
