import { DataSource, EntityManager, QueryFailedError } from 'typeorm';

/**
 * Runs SQL and returns its rows whatever the statement (TypeORM's plain query() returns
 * `[rows, count]` for UPDATE … RETURNING but bare rows for SELECT and INSERT).
 */
export async function queryRows<T>(on: DataSource | EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const existing = on instanceof DataSource ? undefined : on.queryRunner;
  const runner = existing ?? (on instanceof DataSource ? on : on.connection).createQueryRunner();
  try {
    const result = await runner.query(sql, params, true);
    return (result as { records: T[] }).records;
  } finally {
    if (!existing) await runner.release();
  }
}

/**
 * Deletes up to `limit` rows of `table` that match `where` (its parameters are `$1`…) and returns how many
 * went. Rows another transaction holds are skipped (FOR UPDATE SKIP LOCKED), so several workers can clear
 * one table at the same time without waiting for each other or deleting a row twice. `key` is the
 * primary key's column list; `table`, `key` and `where` are the owner's SQL, never input.
 */
export async function deleteBatch(
  on: DataSource | EntityManager,
  sql: { table: string; key: string; where: string },
  params: unknown[],
  limit: number,
): Promise<number> {
  const { table, key, where } = sql;
  const rows = await queryRows(
    on,
    `DELETE FROM ${table} WHERE (${key}) IN (
       SELECT ${key} FROM ${table} WHERE (${where}) LIMIT $${params.length + 1} FOR UPDATE SKIP LOCKED)
     RETURNING 1`,
    [...params, limit],
  );
  return rows.length;
}

/** Whether `e` is PostgreSQL's unique_violation (23505): another row already holds the value. */
export const isUniqueViolation = (e: unknown): boolean =>
  e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505';

/** `s` as a literal inside a LIKE pattern (PostgreSQL's default escape character is the backslash). */
export const likeLiteral = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);
