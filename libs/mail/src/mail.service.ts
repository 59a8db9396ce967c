import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, Clock, Language, queryRows } from '@app/platform';
import { DataSource, EntityManager } from 'typeorm';
import { AttachmentRef } from './mail-extensions';
import { MailRenderer } from './mail-renderer';

export interface MailRequest {
  to: string;
  /** `feature/name`, see templatePaths(). */
  template: string;
  lng: Language;
  data?: Record<string, unknown>;
  /** At most one mail is ever queued per key (e.g. `coe-reminder:<number>:<n>`). */
  dedupeKey?: string;
  /** The certificate the mail is about. */
  coeId?: string;
  /** Made into files when sent (see MailExtensions). */
  attachments?: AttachmentRef[];
}

/** Puts mails in the outbox. Pass the transaction's EntityManager so the mail commits with its cause. */
@Injectable()
export class MailService {
  private readonly renderer: MailRenderer;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.renderer = new MailRenderer(config.portalBaseUrl);
  }

  /** Queues the mail; returns false when a mail with the same dedupe key was already queued. */
  async enqueue(request: MailRequest, manager: EntityManager = this.db.manager): Promise<boolean> {
    const rendered = this.renderer.render(request.template, request.lng, request.data ?? {});
    const now = this.clock.now();
    const rows = await queryRows(
      manager,
      `INSERT INTO mail_outbox
         (dedupe_key, to_address, template, lng, subject, text_body, html_body, next_attempt_at, created_at,
          coe_id, attachments)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10)
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [
        request.dedupeKey ?? null,
        request.to,
        request.template,
        request.lng,
        rendered.subject,
        rendered.text,
        rendered.html,
        now,
        request.coeId ?? null,
        JSON.stringify(request.attachments ?? []),
      ],
    );
    return rows.length === 1;
  }
}
