import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mails get a priority (0 = normal, 1 = bulk such as reminders) so a reset or registration mail queued
 * during a reminder burst is claimed before the rest of the burst. The index serves the claim's order
 * (priority, next_attempt_at, id) over the rows that still need work.
 */
export class OutboxPriority1764986400000 implements MigrationInterface {
  name = 'OutboxPriority1764986400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "mail_outbox" ADD COLUMN "priority" smallint NOT NULL DEFAULT 0`);
    await q.query(
      `UPDATE "mail_outbox" SET "priority" = 1 WHERE "template" = 'coe/reminder' AND "status" IN ('pending', 'sending')`,
    );
    await q.query(
      `CREATE INDEX "mail_outbox_claim_idx" ON "mail_outbox" ("priority", "next_attempt_at", "id")
        WHERE "status" IN ('pending', 'sending')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "mail_outbox_claim_idx"`);
    await q.query(`ALTER TABLE "mail_outbox" DROP COLUMN "priority"`);
  }
}
