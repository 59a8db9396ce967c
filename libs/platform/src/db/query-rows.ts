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

/** Whether `e` is PostgreSQL's unique_violation (23505): another row already holds the value. */
export const isUniqueViolation = (e: unknown): boolean =>
  e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505';

/** `s` as a literal inside a LIKE pattern (PostgreSQL's default escape character is the backslash). */
export const likeLiteral = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);
