import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** The server-side sessions of one user (the `session` table, indexed by the logged-in user). */
@Injectable()
export class UserSessionsService {
  constructor(private readonly db: DataSource) {}

  /** Ends every session of the user except `keepSid` (the one making the change, if any). */
  async endAll(userId: string, keepSid: string | null, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(`DELETE FROM session WHERE (sess -> 'auth' ->> 'userId') = $1 AND sid IS DISTINCT FROM $2`, [
      userId,
      keepSid,
    ]);
  }
}
