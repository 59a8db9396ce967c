import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, Clock, daysBefore, Language } from '@app/platform';
import { EntityManager } from 'typeorm';
import { AttachmentRef } from './mail-extensions';
import { MailRenderer } from './mail-renderer';
import { MailSecrets, secretSlots } from './mail-secrets';
import { MailPriority } from './outbox.entity';
import { OutboxHistoryEntry, OutboxRepository } from './outbox.repository';

export interface MailRequest {
  to: string;
  /** `feature/name`, see templatePaths(). */
  template: string;
  lng: Language;
  data?: Record<string, unknown>;
  /** At most one mail is ever queued per key (e.g. `<feature>-reminder:<id>:<n>`). */
  dedupeKey?: string;
  /** What the mail is about, named by the feature that sends it (`<feature>:<id>`): its history and cancelling. */
  topic?: string;
  /** Made into files when sent (see MailExtensions). */
  attachments?: AttachmentRef[];
  /**
   * Template values that must not stay in the database (one-time links): the stored text gets a slot,
   * the value is kept apart and erased when the mail is sent, given up or cancelled.
   */
  secrets?: MailSecrets;
  /** `bulk` for mass mail nobody is waiting for (reminders), so it never holds up a reset or registration mail. */
  priority?: MailPriority;
}

/**
 * The outbox as other features see it: queue a mail (pass the transaction's EntityManager so the mail
 * commits with its cause), cancel a topic's waiting mails, read a topic's history, watch the backlog.
 */
@Injectable()
export class MailService {
  private readonly renderer: MailRenderer;
  private readonly bodyRetentionDays: number;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.renderer = new MailRenderer(config.portalBaseUrl);
    this.bodyRetentionDays = config.mailBodyRetentionDays;
  }

  /** Queues the mail; returns false when a mail with the same dedupe key was already queued. */
  async enqueue(request: MailRequest, manager?: EntityManager): Promise<boolean> {
    const secrets = request.secrets ?? {};
    const rendered = this.renderer.render(request.template, request.lng, { ...request.data, ...secretSlots(secrets) });
    return this.outbox.insert(
      {
        dedupeKey: request.dedupeKey ?? null,
        to: request.to,
        template: request.template,
        lng: request.lng,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        topic: request.topic ?? null,
        attachments: request.attachments ?? [],
        secrets: Object.keys(secrets).length ? secrets : null,
        priority: request.priority ?? 'normal',
        now: this.clock.now(),
      },
      manager,
    );
  }

  /** Cancels the mails of `topic` from `template` not sent yet (e.g. reminders no longer needed). */
  cancelPending(topic: string, template: string, manager?: EntityManager): Promise<number> {
    return this.outbox.cancelPending(topic, template, manager);
  }

  /** Every mail of `topic`, oldest first, with its delivery result. */
  history(topic: string): Promise<OutboxHistoryEntry[]> {
    return this.outbox.history(topic);
  }

  /** Empties up to `limit` mails sent MAIL_BODY_RETENTION_DAYS or more before `now` (see emptySentBodies). */
  purgeOldBodies(now: Date, limit: number): Promise<number> {
    return this.outbox.emptySentBodies(daysBefore(now, this.bodyRetentionDays), limit);
  }

  /** How long the mail due longest has been waiting at `now`, in seconds (0 when none is due). */
  async oldestDueSeconds(now: Date): Promise<number> {
    const oldest = await this.outbox.oldestDueAt(now);
    return oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0;
  }
}
