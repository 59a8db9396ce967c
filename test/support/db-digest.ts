import { Client } from 'pg';

/** Per table: row count and a hash of every row's text, so any insert, update or delete shows. */
export type Digest = Record<string, string>;

/** Digests of every table of the database at `url` but `skip`, each in one statement, on one connection. */
export async function openDigests(
  url: string,
  skip: readonly string[] = [],
): Promise<{ take(): Promise<Digest>; close(): Promise<void> }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const { rows: tables } = await client.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const sql = tables
    .filter(({ name }) => !skip.includes(name))
    .map(
      ({ name }) =>
        `SELECT '${name}' AS name, count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS d FROM "${name}" t`,
    )
    .join(' UNION ALL ');
  return {
    take: async () => {
      const { rows } = await client.query<{ name: string; n: number; d: string | null }>(sql);
      return Object.fromEntries(rows.map((r) => [r.name, `${r.n}:${r.d ?? ''}`]));
    },
    close: () => client.end(),
  };
}

/** One digest of the database at `url`. */
export async function digestTables(url: string): Promise<Digest> {
  const digests = await openDigests(url);
  try {
    return await digests.take();
  } finally {
    await digests.close();
  }
}

/** The tables whose digest differs, leaving out `ignore`. */
export function changedTables(before: Digest, after: Digest, ignore: readonly string[] = []): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => !ignore.includes(n) && before[n] !== after[n]).sort();
}
