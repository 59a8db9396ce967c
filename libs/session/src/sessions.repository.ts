import { Injectable } from '@nestjs/common';
import { deleteBatch } from '@app/platform';
import { DataSource, EntityManager } from 'typeorm';
import './auth-session';
import './officer-session';

/**
 * The `session` table (express-session rows, connect-pg-simple's layout). This library defines what a
 * session holds, so it is the one place that reads the JSON of other people's sessions; besides the
 * session store itself, nothing else writes the table.
 */
@Injectable()
export class SessionsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Deletes up to `limit` sessions expired at `now`. connect-pg-simple still accepts a session whose
   * `expire` equals now, so only those strictly before go. `expire` is a timestamp without zone written
   * in the server's time zone, hence the comparison with a timestamptz.
   */
  deleteExpired(now: Date, limit: number): Promise<number> {
    return deleteBatch(this.db, { table: 'session', key: 'sid', where: 'expire < $1::timestamptz' }, [now], limit);
  }

  /**
   * Ends every portal session of the user except `keepSid` (the one making the change, if any); returns
   * how many it ended, for the caller's `session.revoked` audit entry.
   */
  async endAllOfUser(
    userId: string,
    keepSid: string | null,
    manager: EntityManager = this.db.manager,
  ): Promise<number> {
    const [, ended] = await manager.query<[unknown, number]>(
      `DELETE FROM session WHERE (sess -> 'auth' ->> 'userId') = $1 AND sid IS DISTINCT FROM $2`,
      [userId, keepSid],
    );
    return ended;
  }

  /**
   * Ends every office session of the officer except `keepSid`: logins and half-way logins (password
   * given, code not yet) alike, so a login begun before the change cannot be finished after it.
   */
  async endAllOfOfficer(
    officerId: string,
    keepSid: string | null,
    manager: EntityManager = this.db.manager,
  ): Promise<void> {
    await manager.query(
      `DELETE FROM session
        WHERE ((sess -> 'officer' ->> 'officerId') = $1 OR (sess -> 'officerPending' ->> 'officerId') = $1)
          AND sid IS DISTINCT FROM $2`,
      [officerId, keepSid],
    );
  }
}

/**
 * The audit entry (`session.revoked`) for other sessions a credentials change ended: recorded by the
 * change itself, since an ended session may never make the request that would notice it.
 */
export const sessionsEnded = (
  actor: string,
  userId: string,
  sessions: number,
  by: 'password_change' | 'password_reset' | 'lock',
  ip?: string,
) => ({ actor, userId, ip, details: { sessions, by } });
