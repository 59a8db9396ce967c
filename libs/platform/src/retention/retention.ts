import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { APP_CONFIG, AppConfig } from '../config/config';

/** One table's clean-up, registered by the library that owns the table. */
export interface RetentionTask {
  /** The table, as logs and `retention:run` name it. */
  table: string;
  /**
   * Deletes (or empties) at most `limit` rows that are due at `now` and returns how many. Rows are taken
   * with FOR UPDATE SKIP LOCKED, so several workers running at once share the work instead of waiting.
   */
  purge(now: Date, limit: number): Promise<number>;
}

export type RetentionResult = Record<string, number>;

export const DAY_MS = 86_400_000;

/** `days` before `now`: the cut-off of a retention period. */
export const daysBefore = (now: Date, days: number): Date => new Date(now.getTime() - days * DAY_MS);

/**
 * Runs every registered clean-up in bounded batches (RETENTION_BATCH_SIZE rows per statement, at most
 * RETENTION_MAX_ROWS_PER_RUN per table and run). Each owner keeps its SQL and its period; this only
 * knows how to repeat a batch until the table is done or the run's share is used up.
 */
@Injectable()
export class Retention {
  private readonly tasks = new Map<string, RetentionTask>();

  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  register(task: RetentionTask): void {
    if (this.tasks.has(task.table)) throw new Error(`retention for ${task.table} is registered twice`);
    this.tasks.set(task.table, task);
  }

  tables(): string[] {
    return [...this.tasks.keys()];
  }

  /** One run as of the clock's now; returns the rows handled per table. */
  async run(): Promise<RetentionResult> {
    const now = this.clock.now();
    const { retentionBatchSize: batch, retentionMaxRowsPerRun: cap } = this.config;
    const result: RetentionResult = {};
    for (const task of this.tasks.values()) {
      let total = 0;
      for (;;) {
        const limit = Math.min(batch, cap - total);
        const n = await task.purge(now, limit);
        total += n;
        if (n < limit || total >= cap) break;
      }
      result[task.table] = total;
    }
    return result;
  }
}
