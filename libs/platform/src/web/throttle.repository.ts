import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../db/query-rows';

/** The `throttle` table beyond what rate-limiter-flexible does itself: removing lapsed counters. */
@Injectable()
export class ThrottleRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Deletes up to `limit` counters whose window has ended at `now`; rate-limiter-flexible starts a
   * counter afresh once `expire <= now` (milliseconds), so such a row counts for nothing any more.
   */
  async deleteLapsed(now: Date, limit: number): Promise<number> {
    const rows = await queryRows(
      this.db,
      `DELETE FROM throttle WHERE key IN (
         SELECT key FROM throttle WHERE expire <= $1 ORDER BY expire LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING key`,
      [now.getTime(), limit],
    );
    return rows.length;
  }
}
