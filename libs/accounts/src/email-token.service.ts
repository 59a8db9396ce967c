import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock, queryRows } from '@app/platform';
import { DataSource, EntityManager } from 'typeorm';

export type TokenPurpose = 'register' | 'reset_password' | 'change_email';
export const TOKEN_LIFETIME_MS = 24 * 3600_000;

export interface EmailToken {
  id: string;
  purpose: TokenPurpose;
  email: string;
  userId: string | null;
  expiresAt: Date;
  usedAt: Date | null;
}

export type TokenLookup = { state: 'valid'; token: EmailToken } | { state: 'expired' | 'used' | 'unknown' };

const hashOf = (raw: string): string => createHash('sha256').update(raw).digest('hex');

/** The state of a token at `now`: valid strictly before expiry (23:59:59 yes, 24:00:00 no), once. */
export function tokenState(t: Pick<EmailToken, 'expiresAt' | 'usedAt'>, now: Date): 'valid' | 'expired' | 'used' {
  if (t.usedAt) return 'used';
  return now.getTime() < t.expiresAt.getTime() ? 'valid' : 'expired';
}

/**
 * Single-use links mailed to users. The raw token (256 bits) exists only in the e-mail; the database
 * keeps its SHA-256, so a leaked table cannot be used to open anything.
 */
@Injectable()
export class EmailTokenService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async issue(
    purpose: TokenPurpose,
    email: string,
    userId: string | null,
    manager: EntityManager = this.db.manager,
  ): Promise<{ raw: string; expiresAt: Date }> {
    const raw = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + TOKEN_LIFETIME_MS);
    await manager.query(
      `INSERT INTO email_token (purpose, token_hash, email, user_id, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [purpose, hashOf(raw), email, userId, expiresAt, now],
    );
    return { raw, expiresAt };
  }

  async lookup(purpose: TokenPurpose, raw: unknown, manager: EntityManager = this.db.manager): Promise<TokenLookup> {
    if (typeof raw !== 'string' || !/^[A-Za-z0-9_-]{20,100}$/.test(raw)) return { state: 'unknown' };
    const [row] = await queryRows<{
      id: string;
      email: string;
      user_id: string | null;
      expires_at: Date;
      used_at: Date | null;
    }>(
      manager,
      `SELECT id, email, user_id, expires_at, used_at FROM email_token WHERE token_hash = $1 AND purpose = $2`,
      [hashOf(raw), purpose],
    );
    if (!row) return { state: 'unknown' };
    const token: EmailToken = {
      id: row.id,
      purpose,
      email: row.email,
      userId: row.user_id,
      expiresAt: row.expires_at,
      usedAt: row.used_at,
    };
    const state = tokenState(token, this.clock.now());
    return state === 'valid' ? { state, token } : { state };
  }

  /** Marks the token used; false if it was already used (a second tab, a re-post) or has expired. */
  async consume(id: string, manager: EntityManager): Promise<boolean> {
    const rows = await queryRows(
      manager,
      `UPDATE email_token SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND expires_at > $2 RETURNING id`,
      [id, this.clock.now()],
    );
    return rows.length === 1;
  }

  /** Consumes a still-valid token given by its raw value (the reset link's final POST). */
  async consumeRaw(purpose: TokenPurpose, raw: unknown, manager: EntityManager): Promise<EmailToken | undefined> {
    const found = await this.lookup(purpose, raw, manager);
    if (found.state !== 'valid') return undefined;
    return (await this.consume(found.token.id, manager)) ? found.token : undefined;
  }
}
