import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { DomainError } from './errors';

export type ThrottleBucket = 'login' | 'recovery';

/** Too many requests from one client address: a localized 429 page. */
export class TooManyRequestsError extends DomainError {
  constructor() {
    super('errors.tooManyRequests.body', 429);
  }
}

/**
 * Per-client-address limits on login and recovery POSTs, counted in PostgreSQL (rate-limiter-flexible)
 * so that every instance shares them. One attacker cannot spray wrong passwords over many accounts.
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
    };
  }

  /** Counts one request from `address`; throws TooManyRequestsError once the limit is passed. */
  async hit(bucket: ThrottleBucket, address: string | undefined): Promise<void> {
    try {
      await this.limiters[bucket].consume(address ?? 'unknown');
    } catch (e) {
      if (e instanceof RateLimiterRes) throw new TooManyRequestsError();
      throw e;
    }
  }
}
