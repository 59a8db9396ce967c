import { Injectable, Logger } from '@nestjs/common';
import { Clock, remindersQueued } from '@app/platform';
import { DataSource } from 'typeorm';
import { CoeRepository } from '../coe.repository';
import { CoeService } from '../coe.service';

export const REMINDER_BATCH = 500;

export interface SweepResult {
  claimed: number;
  queued: number;
  durationMs: number;
}

/**
 * One pass of the reminder job, in bounded batches, each one transaction of three statements: take due
 * certificates (FOR UPDATE SKIP LOCKED, so several workers share the work) and move their reminder state
 * on (past-window ones cleared), read their recipients, and queue the reminder mails under the unique key
 * (certificate, reminder number). Set-based, so the time goes with the number due; the batch bounds a
 * transaction's locks (and is what a killed worker loses, to be redone by the next sweep).
 */
@Injectable()
export class ReminderSweep {
  private readonly logger = new Logger('ReminderSweep');

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly coes: CoeService,
    private readonly repo: CoeRepository,
  ) {}

  async run(now: Date = this.clock.now(), batch = REMINDER_BATCH): Promise<SweepResult> {
    const started = performance.now();
    const result: SweepResult = { claimed: 0, queued: 0, durationMs: 0 };
    for (;;) {
      const { claimed, queued } = await this.db.transaction(async (m) => {
        const { taken, due } = await this.repo.stepDueReminders(m, now, batch);
        return { claimed: taken, queued: await this.coes.queueReminders(due, m) };
      });
      result.claimed += claimed;
      result.queued += queued;
      remindersQueued.inc(queued);
      if (claimed < batch) break;
    }
    result.durationMs = Math.round(performance.now() - started);
    // One structured line per sweep, for log-based monitoring.
    this.logger.log(JSON.stringify({ event: 'reminder_sweep', at: now.toISOString(), ...result }));
    return result;
  }
}
