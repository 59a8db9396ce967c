import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '@app/migrations';
import { dataSourceOptions, ensureDatabase, pendingMigrations } from '@app/platform';
import { createTestDatabase, withDb } from '../support/test-postgres';

/**
 * `npm start` asks pendingMigrations (one query over pg) before it loads TypeORM: its answer must be
 * exactly the migrations TypeORM then runs, on a migrated, a partly migrated and an empty database.
 */
describe('pendingMigrations (the launcher migration check)', () => {
  it('finds nothing pending on a migrated database, then exactly what TypeORM runs after a step down', async () => {
    const db = await createTestDatabase();
    const ds = await new DataSource(dataSourceOptions(db.url)).initialize();
    try {
      expect(await pendingMigrations(db.url)).toEqual([]);
      await ds.undoLastMigration();
      await ds.undoLastMigration();
      const pending = await pendingMigrations(db.url);
      expect(pending).toHaveLength(2);
      expect((await ds.runMigrations()).map((m) => m.name)).toEqual(pending);
      expect(await pendingMigrations(db.url)).toEqual([]);
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });

  it('finds every migration pending on an empty database (no migrations table yet)', async () => {
    const adminUrl = process.env.TEST_PG_ADMIN_URL!;
    const name = `ro_test_${randomBytes(6).toString('hex')}`;
    await ensureDatabase(adminUrl, name);
    const url = withDb(adminUrl, name);
    const ds = await new DataSource(dataSourceOptions(url)).initialize();
    try {
      const pending = await pendingMigrations(url);
      expect(pending).toHaveLength(MIGRATIONS.length);
      expect((await ds.runMigrations()).map((m) => m.name)).toEqual(pending);
    } finally {
      await ds.destroy();
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
