import { Logger as NestLogger } from '@nestjs/common';
import { Logger, QueryFailedError } from 'typeorm';

/** The parts of a PostgreSQL error that name schema objects, never the values that were sent. */
const SAFE_FIELDS = ['code', 'table', 'column', 'constraint', 'routine'] as const;

const oneLine = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 500);

function describeDriverError(error: unknown): string {
  const e = (error ?? {}) as Record<string, unknown>;
  const parts = SAFE_FIELDS.filter((k) => typeof e[k] === 'string' && e[k] !== '').map((k) => `${k}=${String(e[k])}`);
  return parts.length ? parts.join(' ') : 'no SQLSTATE';
}

/**
 * How an error may be written to a log. PostgreSQL's message and detail quote the values that were
 * sent (`Key (email)=(…) already exists`, `invalid input syntax for type uuid: "…"`) and TypeORM keeps the
 * parameters on the error (password hashes, token hashes, addresses), so a failed query is described by
 * its SQLSTATE, the objects involved, its SQL text (parameters are placeholders) and the stack frames.
 */
export function loggableError(error: unknown): string {
  if (error instanceof QueryFailedError) {
    const frames = (error.stack ?? '').split('\n').slice(1).join('\n');
    const query = typeof error.query === 'string' ? ` in: ${oneLine(error.query)}` : '';
    return `QueryFailedError (${describeDriverError(error.driverError)})${query}${frames ? `\n${frames}` : ''}`;
  }
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}

/** The message alone, for one-line logs (a failed query as loggableError describes it, without frames). */
export const loggableMessage = (error: unknown): string =>
  error instanceof Error && !(error instanceof QueryFailedError) ? error.message : loggableError(error).split('\n')[0];

/**
 * TypeORM's logger for every connection: failed and slow queries are logged without their parameters
 * (the default console logger appends them, so a failed login would print its password hash).
 */
export class ParameterFreeLogger implements Logger {
  private readonly logger = new NestLogger('Database');

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    const cause = error instanceof Error ? describeDriverError(error) : 'error';
    this.logger.error(`query failed (${cause}): ${oneLine(query)}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow query (${time} ms): ${oneLine(query)}`);
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }
}
