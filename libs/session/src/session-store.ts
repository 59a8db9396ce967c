import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { LoginStanding, rememberStanding } from './login-standing';

type PgStore = session.Store & { close(): Promise<void> };
type SessionCallback = (err: unknown, session?: session.SessionData | null) => void;

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

  /**
   * The store; with a `standing`, each session read also reads the credentials version of the
   * session's login (see LoginStanding). One store per app: the first call decides.
   */
  store(standing?: LoginStanding): session.Store {
    if (!this.made) {
      const pool = (this.db.driver as unknown as { master: Pool }).master;
      const Store = withStanding(connectPgSimple(session), pool, standing);
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

type PgStoreClass = ReturnType<typeof connectPgSimple>;

/**
 * connect-pg-simple with a `get` that reads the login's credentials version in the same query. The
 * expiry test is connect-pg-simple's: `expire` holds whole seconds, so `>= now()` accepts exactly the
 * rows its `>= to_timestamp(ceil(now in seconds))` does.
 */
function withStanding(Base: PgStoreClass, pool: Pool, standing: LoginStanding | undefined): PgStoreClass {
  if (!standing) return Base;
  const { login, accountId, accounts } = standing;
  const version = accounts.credentialsVersionSql(`s.sess -> '${login}' ->> '${accountId}'`);
  const sql = `SELECT s.sess, ${version} AS standing FROM session s WHERE s.sid = $1 AND s.expire >= now()`;
  return class extends Base {
    override get(sid: string, fn: SessionCallback): void {
      // Out of the promise, as connect-pg-simple does: what the callback runs must not become a rejection.
      pool.query<{ sess: unknown; standing: number | null }>(sql, [sid]).then(
        ({ rows: [row] }) => process.nextTick(() => this.loaded(sid, row, fn)),
        (e: unknown) => process.nextTick(fn, e),
      );
    }

    private loaded(sid: string, row: { sess: unknown; standing: number | null } | undefined, fn: SessionCallback) {
      if (!row) return fn(null, null);
      let sess: session.SessionData & Record<string, unknown>;
      try {
        sess = (typeof row.sess === 'string' ? JSON.parse(row.sess) : row.sess) as typeof sess;
      } catch {
        return this.destroy(sid, fn);
      }
      const held = sess[login];
      if (held && typeof held === 'object') rememberStanding(held, row.standing ?? undefined);
      fn(null, sess);
    }
  };
}
