import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';

type PgStore = session.Store & { close(): Promise<void> };

/**
 * The express-session store of every app: rows in PostgreSQL's `session` table, shared by all
 * instances. Made once per app and closed with it, so its periodic pruning of expired rows never runs
 * against a pool that has already ended (and its complaints go to the app's logger, not the console).
 */
@Injectable()
export class SessionStore implements OnModuleDestroy {
  private readonly logger = new Logger('SessionStore');
  private made?: PgStore;

  constructor(private readonly db: DataSource) {}

  get store(): session.Store {
    if (!this.made) {
      const pool = (this.db.driver as unknown as { master: Pool }).master;
      const Store = connectPgSimple(session);
      this.made = new Store({
        pool,
        tableName: 'session',
        createTableIfMissing: false,
        pruneSessionInterval: 15 * 60,
        // express-session would otherwise UPDATE the row's expiry on every request it leaves unchanged;
        // a row is written only when its content changes (SESSION_ACTIVITY_STEP_MS).
        disableTouch: true,
        errorLog: (...args: unknown[]) => this.logger.warn(args.map(String).join(' ')),
      }) as unknown as PgStore;
    }
    return this.made;
  }

  async onModuleDestroy(): Promise<void> {
    await this.made?.close();
  }
}
