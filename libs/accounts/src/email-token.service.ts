import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, Clock, daysBefore } from '@app/platform';
import { EntityManager } from 'typeorm';
import { EmailToken, EmailTokensRepository, TokenPurpose } from './email-tokens.repository';

export type { EmailToken, TokenPurpose } from './email-tokens.repository';
export const TOKEN_LIFETIME_MS = 24 * 3600_000;

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
    private readonly tokens: EmailTokensRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Deletes up to `limit` tokens used or expired EMAIL_TOKEN_RETENTION_DAYS before `now` (a live token is
   * never touched: its expiry is in the future). Until then a spent link still says why it is dead.
   */
  purgeSpent(now: Date, limit: number): Promise<number> {
    return this.tokens.deleteSpent(daysBefore(now, this.config.emailTokenRetentionDays), limit);
  }

  async issue(
    purpose: TokenPurpose,
    email: string,
    userId: string | null,
    manager?: EntityManager,
  ): Promise<{ raw: string; expiresAt: Date }> {
    const raw = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + TOKEN_LIFETIME_MS);
    await this.tokens.insert({ purpose, tokenHash: hashOf(raw), email, userId, expiresAt, createdAt: now }, manager);
    return { raw, expiresAt };
  }

  async lookup(purpose: TokenPurpose, raw: unknown, manager?: EntityManager): Promise<TokenLookup> {
    if (typeof raw !== 'string' || !/^[A-Za-z0-9_-]{20,100}$/.test(raw)) return { state: 'unknown' };
    const token = await this.tokens.findByHash(purpose, hashOf(raw), manager);
    if (!token) return { state: 'unknown' };
    const state = tokenState(token, this.clock.now());
    return state === 'valid' ? { state, token } : { state };
  }

  /** Whether the token with this id can still be used (unused, unexpired). */
  async isOpen(id: string, manager?: EntityManager): Promise<boolean> {
    const token = await this.tokens.findById(id, manager);
    return Boolean(token && tokenState(token, this.clock.now()) === 'valid');
  }

  /**
   * Ends every open token of `purpose` that belongs to the user (the sign-in data they were mailed
   * for has changed, or a newer link replaces them). Same transaction as the change.
   */
  async revokeOpen(userId: string, purpose: TokenPurpose, manager: EntityManager): Promise<void> {
    await this.tokens.revokeOpen(userId, purpose, this.clock.now(), manager);
  }

  /** Marks the token used; false if it was already used (a second tab, a re-post) or has expired. */
  async consume(id: string, manager: EntityManager): Promise<boolean> {
    return this.tokens.markUsed(id, this.clock.now(), manager);
  }

  /** Consumes a still-valid token given by its raw value (the reset link's final POST). */
  async consumeRaw(purpose: TokenPurpose, raw: unknown, manager: EntityManager): Promise<EmailToken | undefined> {
    const found = await this.lookup(purpose, raw, manager);
    if (found.state !== 'valid') return undefined;
    return (await this.consume(found.token.id, manager)) ? found.token : undefined;
  }
}
