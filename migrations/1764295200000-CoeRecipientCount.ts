import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each recipient's number of certificates moves from `app_user.coe_count` (a column of the accounts
 * table written by the e-COE feature) to `coe_recipient`, a table the e-COE feature owns.
 */
export class CoeRecipientCount1764295200000 implements MigrationInterface {
  name = 'CoeRecipientCount1764295200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "coe_recipient" (
        "recipient_id" uuid PRIMARY KEY REFERENCES "app_user" ("id"),
        "certificates" integer NOT NULL CHECK ("certificates" >= 0)
      )`);
    // Counted from the certificates themselves, the truth the column was meant to mirror.
    await q.query(
      `INSERT INTO "coe_recipient" ("recipient_id", "certificates")
       SELECT "recipient_id", count(*) FROM "coe" GROUP BY "recipient_id"`,
    );
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "coe_count"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "app_user" ADD COLUMN "coe_count" integer NOT NULL DEFAULT 0`);
    await q.query(
      `UPDATE "app_user" u SET "coe_count" = r."certificates" FROM "coe_recipient" r WHERE r."recipient_id" = u."id"`,
    );
    await q.query(`DROP TABLE "coe_recipient"`);
  }
}
