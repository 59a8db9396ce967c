import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { deleteBatch } from '../db/query-rows';

/** The `throttle` table beyond what rate-limiter-flexible does itself: removing lapsed counters. */
@Injectable()
export class ThrottleRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Deletes up to `limit` counters whose window has ended at `now`; rate-limiter-flexible starts a
   * counter afresh once `expire <= now` (milliseconds), so such a row counts for nothing any more.
   */
  deleteLapsed(now: Date, limit: number): Promise<number> {
    return deleteBatch(this.db, { table: 'throttle', key: 'key', where: 'expire <= $1' }, [now.getTime()], limit);
  }
}
