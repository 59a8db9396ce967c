import { Injectable, Logger } from '@nestjs/common';

/**
 * Error codes that mean "the database cannot be reached right now" rather than "this query is wrong":
 * socket errors, and PostgreSQL's connection exceptions (class 08), admin/crash shutdown (57P01, 57P02),
 * "cannot connect now" while starting or stopping (57P03) and too many connections (53300).
 */
const CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/** What node-postgres and its pool say (without a code) when the server goes away or never answers. */
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)|Client was closed and is not queryable/i;

/** Whether `error` (or what it wraps: TypeORM's driverError, a cause, an AggregateError) is an outage. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  const inner = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? (e.errors as unknown[]) : [])];
  return inner.some((x) => isDatabaseUnavailable(x, depth + 1));
}

/** Which outage period a run began in; taken by `begin()` and handed back to `failed()` / `reached()`. */
export type DatabaseRun = { readonly epoch: number };

/**
 * The process-wide view of whether the database is there, for background jobs: an outage is logged once
 * when it starts and once when it ends, however many jobs and polls run into it meanwhile.
 *
 * Each run takes a ticket with `begin()`. A run that began before the database was last seen again
 * (for example one whose connection attempt hung while PostgreSQL was starting, and timed out after
 * another job had already got through) reports an outage that is already over: it backs off like any
 * outage, but does not open a new one. Only a run begun after the recovery can report the next outage.
 */
@Injectable()
export class DatabaseAvailability {
  private readonly logger = new Logger('Database');
  private down = false;
  /** Bumped each time the database is seen again after an outage. */
  private epoch = 0;

  /** A ticket for a run about to start. */
  begin(): DatabaseRun {
    return { epoch: this.epoch };
  }

  /** Records a failed run; true when it was an outage (the caller backs off), false for any other error. */
  failed(error: unknown, run: DatabaseRun = this.begin()): boolean {
    if (!isDatabaseUnavailable(error)) return false;
    if (!this.down && run.epoch === this.epoch) {
      this.down = true;
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`database unavailable, backing off: ${message}`);
    }
    return true;
  }

  /** Records a run that reached the database. */
  reached(): void {
    if (!this.down) return;
    this.down = false;
    this.epoch++;
    this.logger.log('database reachable again, resuming');
  }

  /** Whether an outage is open (for health reports and tests). */
  get unavailable(): boolean {
    return this.down;
  }
}
