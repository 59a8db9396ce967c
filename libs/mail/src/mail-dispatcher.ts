import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import {
  APP_CONFIG,
  AppConfig,
  Clock,
  isDatabaseUnavailable,
  loggableMessage,
  mailsFailed,
  mailsSent,
} from '@app/platform';
import { retryDelayMs } from './backoff';
import { eachAtMost } from './each-at-most';
import { grouped } from './grouped';
import { MailExtensions, PreparedBatch, ResolvedAttachment } from './mail-extensions';
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

/** A pass's result and how many claimed mails it gave back untried or could not record the result of. */
type Pass = DispatchResult & { deferred: number };

type SentOutcome = { kind: 'sent'; sentAt: Date; messageId: string };

/** What became of one claimed mail. */
type Outcome =
  | SentOutcome
  | { kind: 'failed'; message: string }
  | { kind: 'cancelled' }
  /** Not tried because the database went away before sending (the check or an attachment needed it). */
  | { kind: 'untried'; message: string };

/**
 * Sends what is due in the outbox. Rows are claimed with FOR UPDATE SKIP LOCKED and leased, so any
 * number of workers can run this at once without sending a mail twice; failures are retried with
 * backoff until MAIL_MAX_ATTEMPTS, then marked failed (never deleted). Every claimed row ends in a
 * recorded outcome: one the database refuses is kept here and recorded before the next claim, and the
 * lease is what is left if this process stops first.
 */
@Injectable()
export class MailDispatcher implements OnModuleDestroy {
  private readonly logger = new Logger('MailDispatcher');
  private transport?: MailTransport;
  // Set when the app shuts down: a flush ends after the batch it holds instead of draining the backlog.
  private stopping = false;
  /** True until the server has answered once, and again after any failed send. */
  private inDoubt = true;
  private readonly unrecorded = new Map<string, { mail: ClaimedMail; outcome: Outcome }>();

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
    this.stopping = true;
    this.transport?.close();
  }

  /** One pass: claim up to `limit` due mails and try each once, MAIL_MAX_CONNECTIONS at a time. */
  async dispatchDue(limit = this.config.mailBatchSize): Promise<DispatchResult> {
    const { claimed, sent, failed } = await this.pass(limit);
    return { claimed, sent, failed };
  }

  private async pass(limit: number): Promise<Pass> {
    await this.recordLeftovers();
    const now = this.clock.now();
    const rows = await this.outbox.claim(now, new Date(now.getTime() + CLAIM_LEASE_MS), limit);
    const result: Pass = { claimed: rows.length, sent: 0, failed: 0, deferred: 0 };
    if (rows.length > 0) {
      const attempt = await this.attempts(rows);
      // A sent mail is marked together with those sent while the mark before it is written, and its
      // lane goes on meanwhile: one statement for several under load, and still marked moments after
      // the server accepted it (what a worker dying in between would send twice).
      const markSent = grouped((group: { mail: ClaimedMail; outcome: SentOutcome }[]) => this.recordSent(group));
      const marks: Promise<void>[] = [];
      await eachAtMost(this.config.mailMaxConnections, rows, async (mail) => {
        const outcome = await attempt(mail);
        if (outcome.kind === 'sent') {
          marks.push(
            markSent({ mail, outcome }).then((recorded) => void (recorded ? result.sent++ : result.deferred++)),
          );
          return;
        }
        const recorded = await this.record(mail, outcome);
        if (!recorded || outcome.kind === 'untried') result.deferred++;
        else if (outcome.kind === 'failed') result.failed++;
      });
      await Promise.all(marks);
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

  /**
   * How each mail of a claimed batch is tried: failed at once when the server is away, else with what
   * the features read for the whole batch (or the error that kept them from it, which every mail shares).
   */
  private async attempts(rows: ClaimedMail[]): Promise<(mail: ClaimedMail) => Promise<Outcome>> {
    const unreachable = await this.healthCheck();
    if (unreachable) return () => Promise.resolve({ kind: 'failed', message: unreachable.message });
    let batch: PreparedBatch | { error: unknown };
    try {
      batch = await this.extensions.prepare(
        rows.map((m) => ({ id: m.id, template: m.template, topic: m.topic, attachments: m.attachments ?? [] })),
      );
    } catch (error) {
      batch = { error };
    }
    return (mail) => this.attempt(mail, batch);
  }

  /** Tries one mail; never throws. */
  private async attempt(mail: ClaimedMail, batch: PreparedBatch | { error: unknown }): Promise<Outcome> {
    let attachments: ResolvedAttachment[];
    try {
      if (!(batch instanceof PreparedBatch)) throw batch.error;
      if (!(await batch.stillWanted({ id: mail.id, template: mail.template, topic: mail.topic }))) {
        return { kind: 'cancelled' };
      }
      attachments = await batch.resolve(mail.attachments ?? []);
    } catch (error) {
      // A database away for a moment says nothing about the mail: it must not cost an attempt and a backoff.
      return { kind: isDatabaseUnavailable(error) ? 'untried' : 'failed', message: loggableMessage(error) };
    }
    try {
      const { messageId } = await this.smtp().send({
        from: this.config.mailFrom,
        to: mail.toAddress,
        subject: fillSecrets(mail.subject, mail.secrets, 'text'),
        text: fillSecrets(mail.textBody, mail.secrets, 'text'),
        html: fillSecrets(mail.htmlBody, mail.secrets, 'html'),
        attachments,
      });
      return { kind: 'sent', sentAt: this.clock.now(), messageId };
    } catch (error) {
      this.inDoubt = true;
      return { kind: 'failed', message: loggableMessage(error) };
    }
  }

  /** Records an outcome, or keeps it for the next pass when the database will not take it; never throws. */
  private async record(mail: ClaimedMail, outcome: Outcome): Promise<boolean> {
    try {
      await this.apply(mail, outcome);
      this.unrecorded.delete(mail.id);
      return true;
    } catch (error) {
      this.unrecorded.set(mail.id, { mail, outcome });
      this.logger.warn(`mail ${mail.id}: outcome ${outcome.kind} not recorded yet: ${loggableMessage(error)}`);
      return false;
    }
  }

  /** Marks a group of sent mails in one statement, or keeps them all for the next pass; never throws. */
  private async recordSent(group: { mail: ClaimedMail; outcome: SentOutcome }[]): Promise<boolean> {
    try {
      await this.outbox.markSent(group.map(({ mail, outcome }) => ({ mail, ...outcome })));
    } catch (error) {
      for (const sent of group) this.unrecorded.set(sent.mail.id, sent);
      this.logger.warn(
        `mails ${group.map((s) => s.mail.id).join(', ')}: outcome sent not recorded yet: ${loggableMessage(error)}`,
      );
      return false;
    }
    for (const { mail, outcome } of group) {
      this.unrecorded.delete(mail.id);
      await this.afterSent(mail, outcome.sentAt);
    }
    return true;
  }

  /**
   * Records what earlier passes could not, before claiming more. Throws when the database is still away
   * (the poller then backs off); a mail whose result stays unrecorded keeps its lease meanwhile.
   */
  private async recordLeftovers(): Promise<void> {
    for (const { mail, outcome } of [...this.unrecorded.values()]) {
      try {
        await this.apply(mail, outcome);
        this.unrecorded.delete(mail.id);
      } catch (error) {
        if (isDatabaseUnavailable(error)) throw error;
        this.logger.warn(`mail ${mail.id}: outcome ${outcome.kind} still not recorded: ${loggableMessage(error)}`);
      }
    }
  }

  private async apply(mail: ClaimedMail, outcome: Outcome): Promise<void> {
    switch (outcome.kind) {
      case 'sent':
        await this.outbox.markSent([{ mail, ...outcome }]);
        return this.afterSent(mail, outcome.sentAt);
      case 'failed':
        await this.recordFailure(mail, outcome.message);
        mailsFailed.inc({ template: mail.template });
        return;
      case 'cancelled':
        return this.outbox.markCancelled(mail);
      case 'untried':
        await this.outbox.release(mail);
        this.logger.warn(`mail ${mail.id} given back untried: ${outcome.message}`);
    }
  }

  /** The count and the features' hooks; the mail is sent and recorded, so a failing hook is only logged. */
  private async afterSent(mail: ClaimedMail, sentAt: Date): Promise<void> {
    mailsSent.inc({ template: mail.template });
    try {
      await this.extensions.sent({ id: mail.id, template: mail.template, topic: mail.topic, sentAt });
    } catch (error) {
      this.logger.warn(`mail ${mail.id} sent, but an after-send hook failed: ${loggableMessage(error)}`);
    }
  }

  /** A failed attempt: retried after the backoff, or marked failed after MAIL_MAX_ATTEMPTS. */
  private async recordFailure(mail: ClaimedMail, message: string): Promise<void> {
    const giveUp = mail.attempts >= this.config.mailMaxAttempts;
    const next = new Date(this.clock.now().getTime() + retryDelayMs(mail.attempts));
    await this.outbox.markFailed(mail, giveUp, next, message);
    this.logger.warn(`mail ${mail.id} attempt ${mail.attempts} failed${giveUp ? ' (giving up)' : ''}: ${message}`);
  }

  /** Sends everything due now, batch after batch (the CLI's mail:flush); stops early while the database is unsteady. */
  async flush(): Promise<DispatchResult> {
    const total: DispatchResult = { claimed: 0, sent: 0, failed: 0 };
    for (;;) {
      const r = await this.pass(this.config.mailBatchSize);
      total.claimed += r.claimed;
      total.sent += r.sent;
      total.failed += r.failed;
      // A worker told to stop (SIGTERM) used to send its whole backlog first, 10,000 reminders taking
      // minutes, until a supervisor killed it mid-send: what is not claimed is the other workers' now.
      if (r.claimed < this.config.mailBatchSize || r.deferred > 0 || this.stopping) return total;
    }
  }
}
