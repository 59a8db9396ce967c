import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { dataSourceOptions, ensureDatabase, startEmbeddedPostgres } from '@app/platform';
import { freePort } from './bench-processes';

export { freePort };

/** Runs `body` on a fresh, migrated embedded PostgreSQL of its own, removed afterwards. */
export async function withBenchDatabase(body: (ds: DataSource) => Promise<void>): Promise<void> {
  const dataDir = join(__dirname, '..', '.data', 'bench', `pg-${process.pid}`);
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  try {
    await ensureDatabase(pg.url.replace(/\/residence$/, '/postgres'), 'residence');
    const ds = new DataSource(dataSourceOptions(pg.url));
    await ds.initialize();
    await ds.runMigrations();
    await body(ds);
    await ds.destroy();
  } finally {
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
