import { Module, OnModuleInit } from '@nestjs/common';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@app/accounts';
import { AuditModule } from '@app/audit';
import { MailExtensions, MailModule } from '@app/mail';
import { Repository } from 'typeorm';
import { ApiKeysService } from './api/api-keys.service';
import { Coe } from './coe.entity';
import { CoeService } from './coe.service';
import { ReceiptLedger } from './receipt-ledger';
import { nextReminderAt } from './reminders/reminder-policy';
import { ReminderSweep } from './reminders/reminder-sweep';

@Module({
  imports: [TypeOrmModule.forFeature([Coe]), AccountsModule, MailModule, AuditModule],
  providers: [CoeService, ReceiptLedger, ApiKeysService, ReminderSweep],
  exports: [CoeService, ReceiptLedger, ApiKeysService, ReminderSweep],
})
export class CoeModule implements OnModuleInit {
  constructor(
    private readonly extensions: MailExtensions,
    private readonly coes: CoeService,
    @InjectRepository(Coe) private readonly repo: Repository<Coe>,
  ) {}

  onModuleInit(): void {
    // The certificate mails carry the e-COE PDF, made when the mail is sent.
    this.extensions.registerAttachment('coe-pdf', async (id) => {
      const coe = await this.repo.findOneByOrFail({ id });
      return {
        filename: `e-COE-${coe.number}.pdf`,
        content: await this.coes.pdfFor(coe),
        contentType: 'application/pdf',
      };
    });
    // A reminder still queued when receipt is registered (or the certificate revoked) is dropped.
    this.extensions.beforeSend(async (mail) => {
      if (!mail.coeId || mail.template !== 'coe/reminder') return true;
      const coe = await this.repo.findOneBy({ id: mail.coeId });
      return Boolean(coe && !coe.receivedAt && !coe.revokedAt);
    });
    // 受領登録依頼日時 is when the first certificate mail was accepted by the mail server.
    this.extensions.onSent(async (mail) => {
      if (mail.coeId && mail.template === 'coe/issued') {
        const coe = await this.repo.findOneBy({ id: mail.coeId });
        if (coe && !coe.firstMailedAt) {
          const firstMailedAt = mail.sentAt;
          await this.repo
            .createQueryBuilder()
            .update(Coe)
            .set({ firstMailedAt, nextReminderAt: nextReminderAt({ ...coe, firstMailedAt }, null) })
            .where('id = :id AND first_mailed_at IS NULL', { id: coe.id })
            .execute();
        }
      }
    });
  }
}
