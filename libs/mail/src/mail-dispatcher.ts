import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig, Clock, loggableMessage, mailsFailed, mailsSent } from '@app/platform';
import { retryDelayMs } from './backoff';
import { MailExtensions } from './mail-extensions';
import { fillSecrets } from './mail-secrets';
import { MailTransport, smtpTransport } from './mail-transport';
import { ClaimedMail, OutboxRepository } from './outbox.repository';

/** Runs `work` on every item with at most `limit` running at once. */
async function eachAtMost<T>(limit: number, items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

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
  /** True until the server has answered once, and again after any failed send. */
  private inDoubt = true;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly extensions: MailExtensions,
  ) {}

  private smtp(): MailTransport {
    this.transport ??= smtpTransport(this.config.smtpUrl, this.config.mailMaxConnections);
    return this.transport;
  }

  /** For tests and tools that send through something other than the configured SMTP server. */
  useTransport(transport: MailTransport): void {
    this.transport = transport;
    this.inDoubt = true;
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }

  /** One pass: claim up to `limit` due mails and try each once, MAIL_MAX_CONNECTIONS at a time. */
  async dispatchDue(limit = this.config.mailBatchSize): Promise<DispatchResult> {
    const now = this.clock.now();
    const rows = await this.outbox.claim(now, new Date(now.getTime() + CLAIM_LEASE_MS), limit);
    const result: DispatchResult = { claimed: rows.length, sent: 0, failed: 0 };
    if (rows.length > 0) {
      const unreachable = await this.healthCheck();
      await eachAtMost(this.config.mailMaxConnections, rows, async (row) => {
        const outcome = unreachable ? await this.fail(row, unreachable.message) : await this.sendOne(row);
        if (outcome === 'sent') result.sent++;
        if (outcome === 'failed') result.failed++;
      });
    }
    // Idle connections held between polls would pin a server that is shutting down (it waits for
    // them) and go stale; a burst keeps them, as its passes are full.
    if (rows.length < limit) this.transport?.release?.();
    return result;
  }

  /**
   * Asks the server whether it is up only when the last pass had a failure (or none ran yet): during
   * an outage the whole batch then fails at once instead of making attachments (e.g. PDFs) for mails
   * that cannot leave, while a healthy pass costs no extra connection.
   */
  private async healthCheck(): Promise<Error | undefined> {
    if (!this.inDoubt) return undefined;
    try {
      await this.smtp().verify();
      this.inDoubt = false;
      return undefined;
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  }

  private async sendOne(row: ClaimedMail): Promise<'sent' | 'failed' | 'cancelled'> {
    if (!(await this.extensions.stillWanted({ id: row.id, template: row.template, topic: row.topic }))) {
      await this.outbox.markCancelled(row.id);
      return 'cancelled';
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
      mailsSent.inc({ template: row.template });
      return 'sent';
    } catch (error) {
      this.inDoubt = true;
      return this.fail(row, loggableMessage(error));
    }
  }

  private async fail(row: ClaimedMail, message: string): Promise<'failed'> {
    await this.recordFailure(row, message);
    mailsFailed.inc({ template: row.template });
    return 'failed';
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
      if (r.claimed < this.config.mailBatchSize) return total;
    }
  }
}
