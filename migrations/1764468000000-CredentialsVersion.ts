import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-account credentials version (a login remembers it; a password change, reset, e-mail change or lock
 * bumps it, so every session that remembers an older one is over), the officers' last used TOTP time
 * step (a code is good once) and the officers' disabling by the operator.
 */
export class CredentialsVersion1764468000000 implements MigrationInterface {
  name = 'CredentialsVersion1764468000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "app_user" ADD COLUMN "credentials_version" integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE "officer" ADD COLUMN "credentials_version" integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE "officer" ADD COLUMN "totp_last_step" integer`);
    await q.query(`ALTER TABLE "officer" ADD COLUMN "disabled_at" timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "officer" DROP COLUMN "disabled_at"`);
    await q.query(`ALTER TABLE "officer" DROP COLUMN "totp_last_step"`);
    await q.query(`ALTER TABLE "officer" DROP COLUMN "credentials_version"`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "credentials_version"`);
  }
}
