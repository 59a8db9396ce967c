import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';

/** The express-session store of every app: rows in PostgreSQL's `session` table, shared by all instances. */
export function sessionStore(db: DataSource): session.Store {
  const pool = (db.driver as unknown as { master: Pool }).master;
  const PgStore = connectPgSimple(session);
  return new PgStore({ pool, tableName: 'session', createTableIfMissing: false, pruneSessionInterval: 15 * 60 });
}
