import { Injectable } from '@nestjs/common';
import { BatchLookup, MailInBatch, MailExtensions, MailHead, ResolvedAttachment } from '@app/mail';
import { coeIdOfTopic } from './coe-topic';
import { CoeMailFacts, CoeRepository } from './coe.repository';
import { CoeService } from './coe.service';
import { nextReminderAt } from './reminders/reminder-policy';

const PDF = 'coe-pdf';
const REMINDER = 'coe/reminder';
// A malformed id in one row must fail that mail alone (in the per-mail resolver), not the batch's query.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const pdfAttachment = (number: string, content: Buffer): ResolvedAttachment => ({
  filename: `e-COE-${number}.pdf`,
  content,
  contentType: 'application/pdf',
});

/** The certificate whose state decides whether the mail still goes (reminders only). */
const checkedCoeOf = (mail: MailHead): string | undefined =>
  mail.template === REMINDER ? coeIdOfTopic(mail.topic) : undefined;

/** What the certificate mails need from delivery; registered on the mail library at start-up. */
@Injectable()
export class CoeMailHooks {
  constructor(
    private readonly extensions: MailExtensions,
    private readonly coes: CoeService,
    private readonly repo: CoeRepository,
  ) {}

  register(): void {
    // Per batch, one query answers both questions below for every mail of it, each distinct PDF read once.
    this.extensions.onBatch((mails) => this.lookup(mails));
    // The certificate mails carry the e-COE PDF as it was stored at issuance. This per-mail path is
    // taken only when the batch had no stored document (issued before PDFs were stored: made now, once).
    this.extensions.registerAttachment(PDF, async (id) => {
      const coe = await this.repo.findById(id);
      if (!coe) throw new Error(`no certificate ${id} for an attachment`);
      return pdfAttachment(coe.number, await this.coes.documentOf(coe));
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

  /**
   * A reminder whose certificate was received or revoked since it was queued is dropped (read as the
   * batch is about to go, so a receipt registered during the batch's few seconds of sending is seen by
   * the next reminder's check, as one registered during a single send always was).
   */
  private async lookup(mails: readonly MailInBatch[]): Promise<BatchLookup> {
    const ids = new Set<string>();
    for (const mail of mails) {
      const checked = checkedCoeOf(mail);
      if (checked) ids.add(checked);
      for (const ref of mail.attachments) if (ref.kind === PDF) ids.add(ref.id);
    }
    const facts = await this.repo.mailFactsOf([...ids].filter((id) => UUID.test(id)));
    const byId = new Map<string, CoeMailFacts>(facts.map((f) => [f.id, f]));
    const documents = new Map<string, Buffer>();
    for (const f of facts) if (f.documentSha256 && f.bytes) documents.set(f.documentSha256, f.bytes);
    return {
      wanted: (mail) => {
        const id = checkedCoeOf(mail);
        return !id || Boolean(byId.get(id)?.awaiting);
      },
      attachment: (ref) => {
        const coe = ref.kind === PDF ? byId.get(ref.id) : undefined;
        const content = coe?.documentSha256 ? documents.get(coe.documentSha256) : undefined;
        return coe && content ? pdfAttachment(coe.number, content) : undefined;
      },
    };
  }
}
