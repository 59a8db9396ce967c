import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, Clock, daysBefore, Language } from '@app/platform';
import { EntityManager } from 'typeorm';
import { AttachmentRef } from './mail-extensions';
import { BatchRenderer, SlottedMail } from './mail-batch-renderer';
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

/** One mail of a batch: who gets it and its own values of the batch's per-mail fields. */
export interface BatchMail {
  to: string;
  lng: Language;
  dedupeKey?: string;
  topic?: string;
  attachments?: AttachmentRef[];
  values: Record<string, unknown>;
}

/** Many mails from one template that differ only in the values named by `perMail` (no secrets). */
export interface MailBatchRequest {
  template: string;
  /** Template values the same for every mail of the batch. */
  data?: Record<string, unknown>;
  perMail: string[];
  mails: BatchMail[];
  /** 'bulk' mail (e.g. reminders) waits behind every normal one. Default 'normal'. */
  priority?: MailPriority;
}

/**
 * The outbox as other features see it: queue a mail (pass the transaction's EntityManager so the mail
 * commits with its cause), cancel a topic's waiting mails, read a topic's history, watch the backlog.
 */
@Injectable()
export class MailService {
  private readonly renderer: MailRenderer;
  private readonly batchRenderer: BatchRenderer;
  private readonly bodyRetentionDays: number;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.renderer = new MailRenderer(config.portalBaseUrl);
    this.batchRenderer = new BatchRenderer(config.portalBaseUrl);
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

  /**
   * Queues a batch in one statement: the template is rendered once per language and each mail's values
   * are filled in by the database, so every mail reads exactly as enqueue() would have written it.
   * Mails whose dedupe key was queued already are skipped; returns how many were queued.
   */
  async enqueueMany(request: MailBatchRequest, manager?: EntityManager): Promise<number> {
    const { template, perMail, data = {} } = request;
    const layouts = new Map<Language, SlottedMail>();
    for (const { lng } of request.mails) {
      if (!layouts.has(lng)) layouts.set(lng, this.batchRenderer.render(template, lng, data, perMail));
    }
    const tokens = new Set([...layouts.values()].flatMap((l) => l.fills.map((f) => f.token)));
    return this.outbox.insertMany(
      {
        template,
        layouts: [...layouts].map(([lng, l]) => ({ lng, subject: l.subject, text: l.text, html: l.html })),
        tokens: [...tokens],
        mails: request.mails.map((mail) => ({
          dedupeKey: mail.dedupeKey ?? null,
          to: mail.to,
          lng: mail.lng,
          topic: mail.topic ?? null,
          attachments: mail.attachments ?? [],
          values: BatchRenderer.fill(layouts.get(mail.lng)!, mail.values),
        })),
        now: this.clock.now(),
        priority: request.priority ?? 'normal',
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
