import { Module, OnModuleInit } from '@nestjs/common';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@app/accounts';
import { MailExtensions } from '@app/mail';
import { Repository } from 'typeorm';
import { ApiKeysService } from './api/api-keys.service';
import { Coe } from './coe.entity';
import { CoeService } from './coe.service';
import { ReceiptLedger } from './receipt-ledger';

@Module({
  imports: [TypeOrmModule.forFeature([Coe]), AccountsModule],
  providers: [CoeService, ReceiptLedger, ApiKeysService],
  exports: [CoeService, ReceiptLedger, ApiKeysService, AccountsModule],
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
    // 受領登録依頼日時 is when the first certificate mail was accepted by the mail server.
    this.extensions.onSent(async (mail) => {
      if (mail.coeId && mail.template === 'coe/issued') {
        await this.repo
          .createQueryBuilder()
          .update(Coe)
          .set({ firstMailedAt: mail.sentAt })
          .where('id = :id AND first_mailed_at IS NULL', { id: mail.coeId })
          .execute();
      }
    });
  }
}
