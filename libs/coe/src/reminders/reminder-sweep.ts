import { Injectable, Logger } from '@nestjs/common';
import { User } from '@app/accounts';
import { Clock, remindersQueued } from '@app/platform';
import { DataSource } from 'typeorm';
import { Coe } from '../coe.entity';
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
  ) {}

  async run(now: Date = this.clock.now(), batch = REMINDER_BATCH): Promise<SweepResult> {
    const started = performance.now();
    const result: SweepResult = { claimed: 0, queued: 0, durationMs: 0 };
    for (;;) {
      const { claimed, queued } = await this.db.transaction(async (m) => {
        const due = await m
          .getRepository(Coe)
          .createQueryBuilder('c')
          .where('c.next_reminder_at <= :now', { now })
          .andWhere('c.received_at IS NULL AND c.revoked_at IS NULL')
          .orderBy('c.next_reminder_at')
          .limit(batch)
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .getMany();
        let sent = 0;
        for (const coe of due) {
          if (!reminderDue(coe, now)) {
            // Past the window (or otherwise over): no more reminders for this one.
            await m.getRepository(Coe).update({ id: coe.id }, { nextReminderAt: null });
            continue;
          }
          const n = coe.remindersSent + 1;
          const recipient = await m.getRepository(User).findOneByOrFail({ id: coe.recipientId });
          const queuedNow = await this.coes.queueCertificateMail(coe, recipient, 'coe/reminder', m, {
            dedupeKey: `coe-reminder:${coe.id}:${n}`,
            reminderNumber: n,
          });
          await m
            .getRepository(Coe)
            .update(
              { id: coe.id },
              { remindersSent: n, lastRemindedAt: now, nextReminderAt: nextReminderAt(coe, now) },
            );
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
