import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig, Clock, loggableMessage, mailsFailed, mailsSent } from '@app/platform';
import { retryDelayMs } from './backoff';
import { MailExtensions } from './mail-extensions';
import { fillSecrets } from './mail-secrets';
import { MailTransport, smtpTransport } from './mail-transport';
import { ClaimedMail, OutboxRepository } from './outbox.repository';

/** How long a claimed mail stays ours; a worker that dies mid-send frees it when this runs out. */
export const CLAIM_LEASE_MS = 5 * 60_000;

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
  // Set when the app shuts down: a flush ends after the batch it holds instead of draining the backlog.
  private stopping = false;

  constructor(
    private readonly outbox: OutboxRepository,
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
    this.stopping = true;
    this.transport?.close();
  }

  /** One pass: claim up to `limit` due mails and try each once. */
  async dispatchDue(limit = this.config.mailBatchSize): Promise<DispatchResult> {
    const now = this.clock.now();
    const rows = await this.outbox.claim(now, new Date(now.getTime() + CLAIM_LEASE_MS), limit);
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
      if (!(await this.extensions.stillWanted({ id: row.id, template: row.template, topic: row.topic }))) {
        await this.outbox.markCancelled(row.id);
        continue;
      }
      try {
        const { messageId } = await this.smtp().send({
          from: this.config.mailFrom,
          to: row.toAddress,
          subject: fillSecrets(row.subject, row.secrets, 'text'),
          text: fillSecrets(row.textBody, row.secrets, 'text'),
          html: fillSecrets(row.htmlBody, row.secrets, 'html'),
          attachments: await this.extensions.resolve(row.attachments ?? []),
        });
        const sentAt = this.clock.now();
        await this.outbox.markSent(row.id, sentAt, messageId);
        await this.extensions.sent({ id: row.id, template: row.template, topic: row.topic, sentAt });
        result.sent++;
        mailsSent.inc({ template: row.template });
      } catch (error) {
        await this.recordFailure(row, loggableMessage(error));
        result.failed++;
        mailsFailed.inc({ template: row.template });
      }
    }
    return result;
  }

  /** A failed attempt: retried after the backoff, or marked failed after MAIL_MAX_ATTEMPTS. */
  private async recordFailure(row: ClaimedMail, message: string): Promise<void> {
    const giveUp = row.attempts >= this.config.mailMaxAttempts;
    const next = new Date(this.clock.now().getTime() + retryDelayMs(row.attempts));
    await this.outbox.markFailed(row.id, giveUp, next, message);
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
      // A worker told to stop (SIGTERM) used to send its whole backlog first, 10,000 reminders taking
      // minutes, until a supervisor killed it mid-send: what is not claimed is the other workers' now.
      if (r.claimed < this.config.mailBatchSize || this.stopping) return total;
    }
  }
}
