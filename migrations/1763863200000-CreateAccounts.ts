import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAccounts1763863200000 implements MigrationInterface {
  name = 'CreateAccounts1763863200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "app_user" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "login_id" text NOT NULL,
        "email" text NOT NULL,
        "category" text NOT NULL
          CHECK ("category" IN ('institution_staff', 'lawyer', 'foreign_national', 'legal_representative')),
        "name_en" text CHECK ("name_en" ~ '^[A-Z]+( [A-Z]+)*$' AND length("name_en") <= 104),
        "phone" text,
        "password_hash" text NOT NULL,
        "lng" text NOT NULL DEFAULT 'ja',
        "organization_name" text,
        "qualification" text CHECK ("qualification" IN ('attorney', 'administrative_scrivener')),
        "association_name" text,
        "registration_number" text,
        "relationship" text
          CHECK ("relationship" IN ('parent', 'guardian', 'spouse', 'child', 'other_relative')),
        "gender" text,
        "date_of_birth" date,
        "postal_code" text,
        "address" text,
        "approved_at" timestamptz,
        "legacy" boolean NOT NULL DEFAULT false,
        "failed_logins" integer NOT NULL DEFAULT 0,
        "locked_until" timestamptz,
        "last_login_at" timestamptz,
        "password_changed_at" timestamptz NOT NULL,
        "created_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL
      )`);
    // IDs and addresses are compared without regard to case.
    await q.query(`CREATE UNIQUE INDEX "app_user_login_id_key" ON "app_user" (upper("login_id"))`);
    await q.query(`CREATE UNIQUE INDEX "app_user_email_key" ON "app_user" (lower("email"))`);

    // Single-use links sent by e-mail. Only a hash of the token is stored.
    await q.query(`
      CREATE TABLE "email_token" (
        "id" bigserial PRIMARY KEY,
        "purpose" text NOT NULL CHECK ("purpose" IN ('register', 'reset_password', 'change_email')),
        "token_hash" text NOT NULL UNIQUE,
        "email" text NOT NULL,
        "user_id" uuid REFERENCES "app_user" ("id") ON DELETE CASCADE,
        "expires_at" timestamptz NOT NULL,
        "used_at" timestamptz,
        "created_at" timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX "email_token_expires_idx" ON "email_token" ("expires_at")`);

    await q.query(`
      CREATE TABLE "audit_log" (
        "id" bigserial PRIMARY KEY,
        "at" timestamptz NOT NULL,
        "event" text NOT NULL,
        "actor" text,
        "user_id" uuid,
        "ip" text,
        "details" jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX "audit_log_user_idx" ON "audit_log" ("user_id", "at")`);
    await q.query(`CREATE INDEX "audit_log_event_idx" ON "audit_log" ("event", "at")`);

    // Per-address throttling (rate-limiter-flexible's PostgreSQL layout), shared by every instance.
    await q.query(`
      CREATE TABLE "throttle" (
        "key" varchar(255) PRIMARY KEY,
        "points" integer NOT NULL DEFAULT 0,
        "expire" bigint
      )`);

    // Ending every session of one user (password reset) looks sessions up by user.
    await q.query(`CREATE INDEX "session_user_idx" ON "session" (("sess" -> 'auth' ->> 'userId'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "session_user_idx"`);
    await q.query(`DROP TABLE "throttle"`);
    await q.query(`DROP TABLE "audit_log"`);
    await q.query(`DROP TABLE "email_token"`);
    await q.query(`DROP TABLE "app_user"`);
  }
}
