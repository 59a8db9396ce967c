import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A password reset, a password change or an e-mail change ends every open link of the user in the same
 * transaction; this index keeps that a short look-up instead of a scan of every token ever mailed.
 */
export class OpenTokensIndex1764554400000 implements MigrationInterface {
  name = 'OpenTokensIndex1764554400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "email_token_open_idx" ON "email_token" ("user_id", "purpose") WHERE "used_at" IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "email_token_open_idx"`);
  }
}
