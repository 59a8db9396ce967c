import { Injectable, Logger } from '@nestjs/common';
import { Clock, remindersQueued } from '@app/platform';
import { DataSource } from 'typeorm';
import { CoeRepository } from '../coe.repository';
import { CoeService } from '../coe.service';
import { nextReminderAt, reminderDue } from './reminder-policy';

export const REMINDER_BATCH = 500;

export interface SweepResult {
  claimed: number;
  queued: number;
  durationMs: number;
}

/**
 * One pass of the reminder job: claims due certificates in bounded batches (FOR UPDATE SKIP LOCKED, so
 * several workers share the work), and per batch, in one transaction, queues the reminder mails under the
 * unique key (certificate, reminder number) in one statement and moves the certificates' reminder state
 * on in another. Set-based, so the time goes with the number due; the batch bounds a transaction's locks
 * (and is what a killed worker loses, to be redone by the next sweep).
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
        const due = await this.repo.claimDueReminders(m, now, batch);
        const sending = due.filter((coe) => reminderDue(coe, now));
        const queuedNow = await this.coes.queueReminders(sending, m);
        await this.repo.recordReminders(
          m,
          due.map((coe) =>
            reminderDue(coe, now)
              ? {
                  id: coe.id,
                  remindersSent: coe.remindersSent + 1,
                  lastRemindedAt: now,
                  nextReminderAt: nextReminderAt(coe, now),
                }
              : // Past the window (or otherwise over): no more reminders for this one.
                {
                  id: coe.id,
                  remindersSent: coe.remindersSent,
                  lastRemindedAt: coe.lastRemindedAt,
                  nextReminderAt: null,
                },
          ),
        );
        return { claimed: due.length, queued: queuedNow };
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
