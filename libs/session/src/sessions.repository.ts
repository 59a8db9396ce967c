import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import './auth-session';

/**
 * The `session` table (express-session rows, connect-pg-simple's layout). This library defines what a
 * session holds, so it is the one place that reads the JSON of other people's sessions.
 */
@Injectable()
export class SessionsRepository {
  constructor(private readonly db: DataSource) {}

  /** Ends every portal session of the user except `keepSid` (the one making the change, if any). */
  async endAllOfUser(userId: string, keepSid: string | null, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(`DELETE FROM session WHERE (sess -> 'auth' ->> 'userId') = $1 AND sid IS DISTINCT FROM $2`, [
      userId,
      keepSid,
    ]);
  }
}
