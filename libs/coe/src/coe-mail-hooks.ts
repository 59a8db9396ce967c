import { Injectable } from '@nestjs/common';
import { MailExtensions } from '@app/mail';
import { coeIdOfTopic } from './coe-topic';
import { CoeRepository } from './coe.repository';
import { CoeService } from './coe.service';
import { awaitingReceipt } from './receipt-state';
import { nextReminderAt } from './reminders/reminder-policy';

/** What the certificate mails need from delivery; registered on the mail library at start-up. */
@Injectable()
export class CoeMailHooks {
  constructor(
    private readonly extensions: MailExtensions,
    private readonly coes: CoeService,
    private readonly repo: CoeRepository,
  ) {}

  register(): void {
    // The certificate mails carry the e-COE PDF as it was stored at issuance.
    this.extensions.registerAttachment('coe-pdf', async (id) => {
      const coe = await this.repo.findById(id);
      if (!coe) throw new Error(`no certificate ${id} for an attachment`);
      return {
        filename: `e-COE-${coe.number}.pdf`,
        content: await this.coes.documentOf(coe),
        contentType: 'application/pdf',
      };
    });
    // A reminder still queued when receipt is registered (or the certificate revoked) is dropped.
    this.extensions.beforeSend(async (mail) => {
      const id = coeIdOfTopic(mail.topic);
      if (!id || mail.template !== 'coe/reminder') return true;
      const coe = await this.repo.findById(id);
      return Boolean(coe && awaitingReceipt(coe));
    });
    // 受領登録依頼日時 is when the first certificate mail was accepted by the mail server.
    this.extensions.onSent(async (mail) => {
      const id = coeIdOfTopic(mail.topic);
      if (!id || mail.template !== 'coe/issued') return;
      const coe = await this.repo.findById(id);
      if (coe && !coe.firstMailedAt) {
        const firstMailedAt = mail.sentAt;
        await this.repo.markFirstMailed(coe.id, firstMailedAt, nextReminderAt({ ...coe, firstMailedAt }, null));
      }
    });
  }
}
