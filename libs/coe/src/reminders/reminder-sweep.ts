import { Injectable, Logger } from '@nestjs/common';
import { UsersService } from '@app/accounts';
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
 * several workers share the work), and for each, in one transaction, queues the reminder mail under the
 * unique key (certificate, reminder number) and moves the certificate's reminder state on.
 */
@Injectable()
export class ReminderSweep {
  private readonly logger = new Logger('ReminderSweep');

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly coes: CoeService,
    private readonly repo: CoeRepository,
    private readonly users: UsersService,
  ) {}

  async run(now: Date = this.clock.now(), batch = REMINDER_BATCH): Promise<SweepResult> {
    const started = performance.now();
    const result: SweepResult = { claimed: 0, queued: 0, durationMs: 0 };
    for (;;) {
      const { claimed, queued } = await this.db.transaction(async (m) => {
        const due = await this.repo.claimDueReminders(m, now, batch);
        let sent = 0;
        for (const coe of due) {
          if (!reminderDue(coe, now)) {
            // Past the window (or otherwise over): no more reminders for this one.
            await this.repo.update(m, coe.id, { nextReminderAt: null });
            continue;
          }
          const n = coe.remindersSent + 1;
          const recipient = await this.users.findById(coe.recipientId, m);
          if (!recipient) throw new Error(`certificate ${coe.number} has no recipient ${coe.recipientId}`);
          const queuedNow = await this.coes.queueCertificateMail(coe, recipient, 'coe/reminder', m, {
            dedupeKey: `coe-reminder:${coe.id}:${n}`,
            reminderNumber: n,
          });
          await this.repo.update(m, coe.id, {
            remindersSent: n,
            lastRemindedAt: now,
            nextReminderAt: nextReminderAt(coe, now),
          });
          if (queuedNow) sent++;
        }
        return { claimed: due.length, queued: sent };
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
