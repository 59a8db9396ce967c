import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { DomainError } from './errors';

/**
 * - `login`: POSTs that run bcrypt (logins, new passwords, the e-mail change's current password), per client address.
 * - `recovery`: POSTs that send a mail, per client address.
 * - `mailTarget`: the same POSTs, per address mailed to, so nobody can fill one inbox from many clients.
 * - `registrationLink`: details POSTs on one registration link, so one link cannot buy unlimited bcrypt work.
 */
export type ThrottleBucket = 'login' | 'recovery' | 'mailTarget' | 'registrationLink';

/** Too many requests from one client address: a localized 429 page with the wait in `Retry-After`. */
export class TooManyRequestsError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('errors.tooManyRequests.body', 429);
  }
}

/** The limiter key of an e-mail address: case and surrounding spaces do not make a new key, nor is the address kept. */
export const mailTargetKey = (email: string): string =>
  createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

/**
 * Limits counted in PostgreSQL (rate-limiter-flexible) so that every instance shares them: one attacker
 * cannot spray wrong passwords over many accounts, burn CPU on bcrypt, or mail-bomb an inbox.
 */
@Injectable()
export class ThrottleService {
  private readonly limiters: Record<ThrottleBucket, RateLimiterPostgres>;

  constructor(db: DataSource, @Inject(APP_CONFIG) config: AppConfig) {
    const pool = (db.driver as unknown as { master: Pool }).master;
    const make = (keyPrefix: string, points: number, duration: number) =>
      new RateLimiterPostgres({
        storeClient: pool,
        storeType: 'pool',
        tableName: 'throttle',
        tableCreated: true,
        clearExpiredByTimeout: false,
        keyPrefix,
        points,
        duration,
      });
    this.limiters = {
      login: make('login', config.loginAttemptsPerAddress, 15 * 60),
      recovery: make('recovery', config.recoveryRequestsPerAddress, 60 * 60),
      mailTarget: make('mail-target', config.mailRequestsPerTarget, 60 * 60),
      registrationLink: make('registration-link', config.registrationDetailsPerLink, 24 * 60 * 60),
    };
  }

  /**
   * Counts one request in `bucket` for `key` (a client address, a `mailTargetKey`, a token id). Returns
   * the error to answer with once the limit is passed, so the caller can show its form again with it.
   */
  async exceeded(bucket: ThrottleBucket, key: string | undefined): Promise<TooManyRequestsError | undefined> {
    try {
      await this.limiters[bucket].consume(key ?? 'unknown');
      return undefined;
    } catch (e) {
      if (e instanceof RateLimiterRes) return new TooManyRequestsError(Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
      throw e;
    }
  }

  /**
   * Counts the request on each of `checks` in turn, up to the first limit passed: a request refused by
   * the client's limit costs the target's budget nothing.
   */
  async firstExceeded(checks: Array<[ThrottleBucket, string | undefined]>): Promise<TooManyRequestsError | undefined> {
    for (const [bucket, key] of checks) {
      const error = await this.exceeded(bucket, key);
      if (error) return error;
    }
    return undefined;
  }

  /**
   * A POST that sends a mail: counted per client address and, once the form names a valid address,
   * per that address — the same whether or not an account has it, so the limit tells nothing.
   */
  async exceededForMail(clientAddress: string | undefined, email: string | undefined) {
    return this.firstExceeded([
      ['recovery', clientAddress],
      ...(email ? [['mailTarget', mailTargetKey(email)] as [ThrottleBucket, string]] : []),
    ]);
  }
}

/**
 * The 429 answer of a form: the same page again with what the user typed (`locals`), a notice in the
 * page's language above the form, and the limiter's wait in `Retry-After`.
 */
export function renderThrottled(
  res: Response,
  error: TooManyRequestsError,
  view: string,
  locals: Record<string, unknown>,
): void {
  res
    .status(429)
    .set('Retry-After', String(error.retryAfterSeconds))
    .render(view, { ...locals, throttled: true });
}
