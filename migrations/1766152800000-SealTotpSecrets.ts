import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadConfig } from '../libs/platform/src/config/config';
import { SecretCipher, secretCipherOf } from '../libs/platform/src/crypto/secret-cipher';

/** What the officers library authenticates with each sealed `officer.totp_secret` (its row). */
type Sealable = { id: string; totp_secret: string };

const contextOf = (officerId: string) => `officer.totp_secret:${officerId}`;

/**
 * Officers' TOTP secrets encrypted at rest (docs/decisions.md, "TOTP secrets encrypted at rest"). The key
 * comes from the environment the migration runs in, read and checked exactly as the apps read it
 * (SECRETS_ENCRYPTION_KEY, required in production; the development default otherwise), so no plain secret
 * outlives the release that stops writing them. The CHECK makes a plain value impossible from then on.
 * Relative imports, not `@app/platform`: that barrel loads the migration runner, which loads this file.
 */
export class SealTotpSecrets1766152800000 implements MigrationInterface {
  name = 'SealTotpSecrets1766152800000';

  async up(q: QueryRunner): Promise<void> {
    const cipher = secretCipherOf(loadConfig(process.env));
    const rows = (await q.query(
      `SELECT id, totp_secret FROM officer WHERE totp_secret IS NOT NULL AND totp_secret NOT LIKE 'v1:%' FOR UPDATE`,
    )) as Sealable[];
    for (const r of rows) {
      await q.query(`UPDATE officer SET totp_secret = $2 WHERE id = $1`, [
        r.id,
        cipher.seal(r.totp_secret, contextOf(r.id)),
      ]);
    }
    await q.query(
      `ALTER TABLE officer ADD CONSTRAINT officer_totp_secret_sealed CHECK (totp_secret IS NULL OR totp_secret LIKE 'v1:%')`,
    );
  }

  /** Back to plain values: needs every key the values were sealed with (current or old). */
  async down(q: QueryRunner): Promise<void> {
    const cipher = secretCipherOf(loadConfig(process.env));
    await q.query(`ALTER TABLE officer DROP CONSTRAINT officer_totp_secret_sealed`);
    const rows = (await q.query(
      `SELECT id, totp_secret FROM officer WHERE totp_secret IS NOT NULL FOR UPDATE`,
    )) as Sealable[];
    for (const r of rows) {
      if (!SecretCipher.isSealed(r.totp_secret)) continue;
      await q.query(`UPDATE officer SET totp_secret = $2 WHERE id = $1`, [
        r.id,
        cipher.open(r.totp_secret, contextOf(r.id)),
      ]);
    }
  }
}
