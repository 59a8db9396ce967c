import { Client } from 'pg';

/** Per table: row count and a hash of every row's text, so any insert, update or delete shows. */
export type Digest = Record<string, string>;

/** A digest of every table of the database at `url` (one connection, opened and closed here). */
export async function digestTables(url: string): Promise<Digest> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const out: Digest = {};
    for (const { name } of tables) {
      const { rows } = await client.query<{ n: number; d: string | null }>(
        `SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS d FROM "${name}" t`,
      );
      out[name] = `${rows[0].n}:${rows[0].d ?? ''}`;
    }
    return out;
  } finally {
    await client.end();
  }
}

/** The tables whose digest differs, leaving out `ignore`. */
export function changedTables(before: Digest, after: Digest, ignore: readonly string[] = []): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => !ignore.includes(n) && before[n] !== after[n]).sort();
}
