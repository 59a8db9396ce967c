import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig, Clock, mailsFailed, mailsSent, queryRows } from '@app/platform';
import { DataSource } from 'typeorm';
import { retryDelayMs } from './backoff';
import { AttachmentRef, MailExtensions } from './mail-extensions';
import { MailTransport, smtpTransport } from './mail-transport';

/** How long a claimed mail stays ours; a worker that dies mid-send frees it when this runs out. */
export const CLAIM_LEASE_MS = 5 * 60_000;

interface ClaimedRow {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  attempts: number;
  template: string;
  coe_id: string | null;
  attachments: AttachmentRef[];
}

export interface DispatchResult {
  claimed: number;
  sent: number;
  failed: number;
}

/**
 * Sends what is due in the outbox. Rows are claimed with FOR UPDATE SKIP LOCKED and leased, so any
 * number of workers can run this at once without sending a mail twice; failures are retried with
 * backoff until MAIL_MAX_ATTEMPTS, then marked failed (never deleted).
 */
@Injectable()
export class MailDispatcher implements OnModuleDestroy {
  private readonly logger = new Logger('MailDispatcher');
  private transport?: MailTransport;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly extensions: MailExtensions,
  ) {}

  private smtp(): MailTransport {
    this.transport ??= smtpTransport(this.config.smtpUrl);
    return this.transport;
  }

  /** For tests and tools that send through something other than the configured SMTP server. */
  useTransport(transport: MailTransport): void {
    this.transport = transport;
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }

  private async claim(now: Date, limit: number): Promise<ClaimedRow[]> {
    return queryRows<ClaimedRow>(
      this.db,
      `UPDATE mail_outbox SET status = 'sending', locked_until = $2, attempts = attempts + 1
       WHERE id IN (
         SELECT id FROM mail_outbox
         WHERE next_attempt_at <= $1
           AND (status = 'pending' OR (status = 'sending' AND locked_until <= $1))
         ORDER BY next_attempt_at, id
         LIMIT $3
         FOR UPDATE SKIP LOCKED)
       RETURNING id, to_address, subject, text_body, html_body, attempts, template, coe_id, attachments`,
      [now, new Date(now.getTime() + CLAIM_LEASE_MS), limit],
    );
  }

  /** One pass: claim up to `limit` due mails and try each once. */
  async dispatchDue(limit = this.config.mailBatchSize): Promise<DispatchResult> {
    const rows = await this.claim(this.clock.now(), limit);
    const result: DispatchResult = { claimed: rows.length, sent: 0, failed: 0 };
    if (rows.length === 0) return result;
    // During an outage, fail the whole batch at once instead of making attachments (e.g. PDFs) for
    // mails that cannot leave anyway.
    const unreachable = await this.smtp()
      .verify()
      .then(() => undefined)
      .catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    for (const row of rows) {
      if (unreachable) {
        await this.recordFailure(row, unreachable.message);
        result.failed++;
        mailsFailed.inc({ template: row.template });
        continue;
      }
      if (!(await this.extensions.stillWanted({ id: row.id, template: row.template, coeId: row.coe_id }))) {
        await this.db.query(
          `UPDATE mail_outbox SET status = 'cancelled', locked_until = NULL WHERE id = $1 AND status = 'sending'`,
          [row.id],
        );
        continue;
      }
      try {
        const { messageId } = await this.smtp().send({
          from: this.config.mailFrom,
          to: row.to_address,
          subject: row.subject,
          text: row.text_body,
          html: row.html_body,
          attachments: await this.extensions.resolve(row.attachments ?? []),
        });
        const sentAt = this.clock.now();
        // Only the holder of the claim may record the result (status is still 'sending').
        await this.db.query(
          `UPDATE mail_outbox SET status = 'sent', sent_at = $2, message_id = $3, locked_until = NULL, last_error = NULL
           WHERE id = $1 AND status = 'sending'`,
          [row.id, sentAt, messageId],
        );
        await this.extensions.sent({ id: row.id, template: row.template, coeId: row.coe_id, sentAt });
        result.sent++;
        mailsSent.inc({ template: row.template });
      } catch (error) {
        await this.recordFailure(row, error instanceof Error ? error.message : String(error));
        result.failed++;
        mailsFailed.inc({ template: row.template });
      }
    }
    return result;
  }

  /** A failed attempt: retried after the backoff, or marked failed after MAIL_MAX_ATTEMPTS. */
  private async recordFailure(row: ClaimedRow, message: string): Promise<void> {
    const giveUp = row.attempts >= this.config.mailMaxAttempts;
    const next = new Date(this.clock.now().getTime() + retryDelayMs(row.attempts));
    await this.db.query(
      `UPDATE mail_outbox SET status = $2, next_attempt_at = $3, locked_until = NULL, last_error = $4
       WHERE id = $1 AND status = 'sending'`,
      [row.id, giveUp ? 'failed' : 'pending', next, message.slice(0, 1000)],
    );
    this.logger.warn(`mail ${row.id} attempt ${row.attempts} failed${giveUp ? ' (giving up)' : ''}: ${message}`);
  }

  /** Sends everything due now, batch after batch (the CLI's mail:flush). */
  async flush(): Promise<DispatchResult> {
    const total: DispatchResult = { claimed: 0, sent: 0, failed: 0 };
    for (;;) {
      const r = await this.dispatchDue();
      total.claimed += r.claimed;
      total.sent += r.sent;
      total.failed += r.failed;
      if (r.claimed < this.config.mailBatchSize) return total;
    }
  }
}
