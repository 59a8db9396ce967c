import { Inject, Injectable } from '@nestjs/common';
import { mailLanguageOf, User } from '@app/accounts';
import { MailService } from '@app/mail';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { procedureName } from '@app/procedures';
import { EntityManager } from 'typeorm';
import type { Application } from './application.entity';

/** The mail's topic: an application's mails, for the outbox's history. */
export const applicationTopic = (applicationId: string): string => `application:${applicationId}`;

/** The status as the filer reads it: 審査終了 and 結果 say 許可 or 不許可 with it. */
export const statusLabelKey = (app: Pick<Application, 'status' | 'decision'>): string =>
  app.decision && (app.status === 'decided' || app.status === 'result_issued')
    ? `applications:status.${app.status}_${app.decision}`
    : `applications:status.${app.status}`;

/**
 * The filer's mails about an application: 受付通知 on submission and a notice of each status change, in
 * the filer's language. They name the procedure, the 受付番号 and the new status and link to the page;
 * never the applicant's name, nationality, dates, the officer's message or documents (docs/applications.md:
 * a mail can be forwarded, read on a shared device or kept by a provider; the page is behind the login).
 */
@Injectable()
export class ApplicationNotices {
  constructor(
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  pageUrl(number: string): string {
    return `${this.config.portalBaseUrl}/applications/${encodeURIComponent(number)}`;
  }

  private data(app: Pick<Application, 'number' | 'procedureCode' | 'status' | 'decision'>, filer: User) {
    const lng = mailLanguageOf(filer);
    return {
      lng,
      data: {
        number: app.number,
        procedureName: procedureName(app.procedureCode, lng),
        statusKey: statusLabelKey(app),
        url: this.pageUrl(app.number),
      },
    };
  }

  async received(m: EntityManager, app: Application, filer: User): Promise<void> {
    const { lng, data } = this.data(app, filer);
    await this.mail.enqueue(
      { to: filer.email, template: 'applications/received', lng, topic: applicationTopic(app.id), data },
      m,
    );
  }

  async statusChanged(m: EntityManager, app: Application, filer: User): Promise<void> {
    const { lng, data } = this.data(app, filer);
    await this.mail.enqueue(
      { to: filer.email, template: 'applications/status-changed', lng, topic: applicationTopic(app.id), data },
      m,
    );
  }
}
