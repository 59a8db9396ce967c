import { Client } from 'pg';
import type * as TypeOrm from 'typeorm';
import { MIGRATIONS } from '@app/migrations';
import type * as Options from './data-source-options';

/** Where TypeORM records the applied migrations (dataSourceOptions' `migrationsTableName`). */
export const MIGRATIONS_TABLE = 'schema_migrations';

/** A migration's name as TypeORM records it: its `name` field, else its class name. */
const migrationName = (m: (typeof MIGRATIONS)[number]): string => (new m() as { name?: string }).name ?? m.name;

/**
 * The names of the migrations not yet applied to the database at `url`, in order, found with one query
 * over plain pg (TypeORM compares the same names). `npm start` asks this first: on a database that is up
 * to date, the usual case, {@link migrate} then never loads TypeORM and Nest's logger, a second of CPU
 * beside the apps.
 */
export async function pendingMigrations(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const table = await client.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [
      MIGRATIONS_TABLE,
    ]);
    const applied = new Set(
      table.rows[0].found
        ? (await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE}`)).rows.map((r) => r.name)
        : [],
    );
    return MIGRATIONS.map(migrationName).filter((name) => !applied.has(name));
  } finally {
    await client.end();
  }
}

/**
 * Applies the pending migrations (each in its own transaction); returns their names. TypeORM and the
 * data source options are loaded only when something is pending: this runs in `npm start`'s launcher.
 */
export async function migrate(url: string): Promise<string[]> {
  if ((await pendingMigrations(url)).length === 0) return [];
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { DataSource } = require('typeorm') as typeof TypeOrm;
  const { dataSourceOptions } = require('./data-source-options') as typeof Options;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
