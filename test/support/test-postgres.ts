import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, ensureDatabase, startEmbeddedPostgres, stopEmbeddedPostgres } from '@app/platform';
import { freePort } from './free-port';

const TEMPLATE = 'ro_test_template';

/**
 * A test cluster is thrown away after the run, so it need not survive a crash: no flushing to disk,
 * no waiting for the WAL at commit, no full pages in the WAL. Only for the server started here.
 */
export const TEST_PG_SETTINGS = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' };

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export const withDb = (url: string, db: string): string => {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
};

/** Starts the shared test server and migrates the template database once. */
export async function startTestPostgres(
  root: string,
): Promise<{ adminUrl: string; template: string; stop(): Promise<void> }> {
  let adminUrl: string;
  let stop = (): Promise<void> => Promise.resolve();
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    // A fresh cluster per run, named by process, so that runs side by side never share one; clusters of
    // runs that died are stopped and removed.
    const parent = join(root, '.data', 'test');
    mkdirSync(parent, { recursive: true });
    for (const name of readdirSync(parent).filter((n) => /^pg-\d+$/.test(n))) {
      const pid = Number(name.slice(3));
      if (pid !== process.pid && isAlive(pid)) continue;
      await stopEmbeddedPostgres(join(parent, name));
      rmSync(join(parent, name), { recursive: true, force: true });
    }
    const dataDir = join(parent, `pg-${process.pid}`);
    const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), settings: TEST_PG_SETTINGS });
    adminUrl = withDb(pg.url, 'postgres');
    stop = async () => {
      await pg.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE}`);
  await admin.end();
  await ensureDatabase(adminUrl, TEMPLATE);
  const ds = new DataSource(dataSourceOptions(withDb(adminUrl, TEMPLATE)));
  await ds.initialize();
  await ds.runMigrations();
  await ds.destroy();
  return { adminUrl, template: TEMPLATE, stop };
}

/** A database of its own for one test file, cloned from the migrated template (fast, isolated). */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_PG_ADMIN_URL;
  const template = process.env.TEST_PG_TEMPLATE;
  if (!adminUrl || !template) throw new Error('run tests through jest (global setup starts PostgreSQL)');
  const name = `ro_test_${randomBytes(6).toString('hex')}`;
  await ensureDatabase(adminUrl, name, template);
  return {
    url: withDb(adminUrl, name),
    drop: async () => {
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** A database of its own and a connection to it for one describe block; read `.ds` inside tests. */
export function useTestDataSource(): { ds: DataSource } {
  const ctx = {} as { ds: DataSource; drop?: () => Promise<void> };
  beforeAll(async () => {
    const db = await createTestDatabase();
    ctx.drop = db.drop;
    ctx.ds = await new DataSource(dataSourceOptions(db.url)).initialize();
  });
  afterAll(async () => {
    await ctx.ds?.destroy();
    await ctx.drop?.();
  });
  return ctx;
}
