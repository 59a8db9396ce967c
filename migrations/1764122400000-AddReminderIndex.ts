import { MigrationInterface, QueryRunner } from 'typeorm';

/** The reminder sweep reads only certificates whose next reminder is set, in due order. */
export class AddReminderIndex1764122400000 implements MigrationInterface {
  name = 'AddReminderIndex1764122400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "coe_reminder_due_idx" ON "coe" ("next_reminder_at") WHERE "next_reminder_at" IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "coe_reminder_due_idx"`);
  }
}
