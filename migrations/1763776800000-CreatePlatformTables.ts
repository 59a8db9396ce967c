import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePlatformTables1763776800000 implements MigrationInterface {
  name = 'CreatePlatformTables1763776800000';

  async up(q: QueryRunner): Promise<void> {
    // Sessions of every app (connect-pg-simple's layout), so any instance can serve any request.
    await q.query(`
      CREATE TABLE "session" (
        "sid" varchar NOT NULL PRIMARY KEY,
        "sess" json NOT NULL,
        "expire" timestamp(6) NOT NULL
      )`);
    await q.query(`CREATE INDEX "session_expire_idx" ON "session" ("expire")`);

    await q.query(`
      CREATE TABLE "mail_outbox" (
        "id" bigserial PRIMARY KEY,
        "dedupe_key" text UNIQUE,
        "to_address" text NOT NULL,
        "template" text NOT NULL,
        "lng" text NOT NULL,
        "subject" text NOT NULL,
        "text_body" text NOT NULL,
        "html_body" text NOT NULL,
        "status" text NOT NULL DEFAULT 'pending'
          CHECK ("status" IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
        "attempts" integer NOT NULL DEFAULT 0,
        "next_attempt_at" timestamptz NOT NULL,
        "locked_until" timestamptz,
        "last_error" text,
        "message_id" text,
        "created_at" timestamptz NOT NULL,
        "sent_at" timestamptz
      )`);
    // The dispatcher's claim query reads only rows that still need work.
    await q.query(`
      CREATE INDEX "mail_outbox_due_idx" ON "mail_outbox" ("next_attempt_at")
      WHERE "status" IN ('pending', 'sending')`);

    await q.query(`
      CREATE TABLE "announcement" (
        "id" serial PRIMARY KEY,
        "title" jsonb NOT NULL CHECK ("title" ? 'ja'),
        "body" jsonb NOT NULL CHECK ("body" ? 'ja'),
        "publish_from" timestamptz NOT NULL,
        "publish_until" timestamptz,
        "created_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX "announcement_publish_idx" ON "announcement" ("publish_from" DESC, "id" DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "announcement"`);
    await q.query(`DROP TABLE "mail_outbox"`);
    await q.query(`DROP TABLE "session"`);
  }
}
