import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCoeAndOffice1763949600000 implements MigrationInterface {
  name = 'CreateCoeAndOffice1763949600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "officer" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "login_id" text NOT NULL,
        "name" text NOT NULL,
        "password_hash" text NOT NULL,
        "must_change_password" boolean NOT NULL DEFAULT true,
        "totp_secret" text,
        "totp_enabled_at" timestamptz,
        "failed_logins" integer NOT NULL DEFAULT 0,
        "locked_until" timestamptz,
        "last_login_at" timestamptz,
        "created_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX "officer_login_id_key" ON "officer" (upper("login_id"))`);

    // Electronic Certificates of Eligibility. Times: issued_at (issue), first_mailed_at (受領登録依頼日時),
    // received_at (受領登録日時); reminder state for the reminder sweep.
    await q.query(`
      CREATE TABLE "coe" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "number" text NOT NULL UNIQUE,
        "verification_code" text NOT NULL UNIQUE,
        "recipient_id" uuid NOT NULL REFERENCES "app_user" ("id"),
        "holder_name_en" text NOT NULL,
        "nationality" char(3) NOT NULL,
        "date_of_birth" date NOT NULL,
        "gender" text NOT NULL CHECK ("gender" IN ('male', 'female')),
        "status_of_residence" text NOT NULL,
        "issuing_office" text NOT NULL,
        "issued_at" timestamptz NOT NULL,
        "valid_until" timestamptz NOT NULL,
        "issued_by" text NOT NULL,
        "first_mailed_at" timestamptz,
        "received_at" timestamptz,
        "revoked_at" timestamptz,
        "revoked_reason" text,
        "revoked_by" text,
        "reminders_sent" integer NOT NULL DEFAULT 0,
        "last_reminded_at" timestamptz,
        "next_reminder_at" timestamptz,
        "created_at" timestamptz NOT NULL
      )`);
    // The receipt ledger pages one recipient's certificates, newest first, by index alone.
    await q.query(`CREATE INDEX "coe_recipient_idx" ON "coe" ("recipient_id", "issued_at" DESC, "id" DESC)`);
    await q.query(
      `CREATE INDEX "coe_unregistered_idx" ON "coe" ("issued_at") WHERE "received_at" IS NULL AND "revoked_at" IS NULL`,
    );
    await q.query(`CREATE INDEX "coe_holder_idx" ON "coe" (upper("holder_name_en"))`);

    // Which outbox mail carried which certificate (issue mail, reminders), for the officer's history.
    await q.query(`ALTER TABLE "mail_outbox" ADD COLUMN "coe_id" uuid REFERENCES "coe" ("id")`);
    await q.query(`ALTER TABLE "mail_outbox" ADD COLUMN "attachments" jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`CREATE INDEX "mail_outbox_coe_idx" ON "mail_outbox" ("coe_id") WHERE "coe_id" IS NOT NULL`);

    // Bearer keys of the examination system; only a hash is kept.
    await q.query(`
      CREATE TABLE "api_key" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "key_hash" text NOT NULL UNIQUE,
        "prefix" text NOT NULL,
        "created_at" timestamptz NOT NULL,
        "revoked_at" timestamptz,
        "last_used_at" timestamptz
      )`);

    // A retried POST with the same Idempotency-Key gets the first answer instead of a second certificate.
    await q.query(`
      CREATE TABLE "idempotency_key" (
        "api_key_id" uuid NOT NULL REFERENCES "api_key" ("id"),
        "key" text NOT NULL,
        "request_hash" text NOT NULL,
        "status" integer,
        "response" jsonb,
        "created_at" timestamptz NOT NULL,
        PRIMARY KEY ("api_key_id", "key")
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "idempotency_key"`);
    await q.query(`DROP TABLE "api_key"`);
    await q.query(`DROP INDEX "mail_outbox_coe_idx"`);
    await q.query(`ALTER TABLE "mail_outbox" DROP COLUMN "attachments"`);
    await q.query(`ALTER TABLE "mail_outbox" DROP COLUMN "coe_id"`);
    await q.query(`DROP TABLE "coe"`);
    await q.query(`DROP TABLE "officer"`);
  }
}
