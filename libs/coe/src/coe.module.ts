import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@app/accounts';
import { AuditModule } from '@app/audit';
import { MailModule } from '@app/mail';
import { ApiKeysRepository } from './api/api-keys.repository';
import { ApiKeysService } from './api/api-keys.service';
import { CoeApiService } from './api/coe-api.service';
import { CoeDocument } from './coe-document.entity';
import { CoeDocumentRepository } from './coe-document.repository';
import { CoeLedgerRepository } from './coe-ledger.repository';
import { CoeMailHooks } from './coe-mail-hooks';
import { CoeOrigins } from './coe-origins';
import { CoeReceiptHooks } from './coe-receipt-hooks';
import { Coe } from './coe.entity';
import { CoeRepository } from './coe.repository';
import { CoeService } from './coe.service';
import { OfficeLedgerService } from './office/office-ledger.service';
import { ReceiptLedger } from './receipt-ledger.repository';
import { ReminderSweep } from './reminders/reminder-sweep';

@Module({
  imports: [TypeOrmModule.forFeature([Coe, CoeDocument]), AccountsModule, MailModule, AuditModule],
  providers: [
    CoeRepository,
    CoeDocumentRepository,
    CoeLedgerRepository,
    ReceiptLedger,
    ApiKeysRepository,
    CoeService,
    ApiKeysService,
    CoeApiService,
    OfficeLedgerService,
    ReminderSweep,
    CoeMailHooks,
    CoeReceiptHooks,
    CoeOrigins,
  ],
  exports: [
    CoeService,
    CoeReceiptHooks,
    ReceiptLedger,
    ApiKeysService,
    CoeApiService,
    OfficeLedgerService,
    ReminderSweep,
    CoeOrigins,
  ],
})
export class CoeModule implements OnModuleInit {
  constructor(private readonly hooks: CoeMailHooks) {}

  onModuleInit(): void {
    this.hooks.register();
  }
}
