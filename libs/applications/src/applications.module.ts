import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { DOCUMENT_SCANNER, DOCUMENT_STORAGE, documentScannerFor, documentStorageFor } from '@app/storage';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@app/accounts';
import { AuditModule } from '@app/audit';
import { CoeModule } from '@app/coe';
import { MailModule } from '@app/mail';
import { ApplicationsApiService } from './api/applications-api.service';
import { ApplicationDocument } from './application-document.entity';
import { ApplicationDraft } from './application-draft.entity';
import { ApplicationEvent } from './application-event.entity';
import { ApplicationNotices } from './application-notices';
import { ApplicationTransitions } from './application-transitions';
import { Application } from './application.entity';
import { ApplicationsRepository } from './applications.repository';
import { DocumentsRepository } from './documents.repository';
import { ApplicationDraftsService } from './drafts.service';
import { DraftsRepository } from './drafts.repository';
import { EventsRepository } from './events.repository';
import { ApplicationExaminationService } from './examination.service';
import { ApplicationFilingService } from './filing.service';
import { ReceiptEvents } from './receipt-events';

@Module({
  imports: [
    TypeOrmModule.forFeature([Application, ApplicationDraft, ApplicationDocument, ApplicationEvent]),
    AccountsModule,
    AuditModule,
    MailModule,
    CoeModule,
  ],
  providers: [
    ApplicationsRepository,
    DraftsRepository,
    DocumentsRepository,
    EventsRepository,
    ApplicationNotices,
    ApplicationTransitions,
    ApplicationDraftsService,
    ApplicationFilingService,
    ApplicationExaminationService,
    ReceiptEvents,
    ApplicationsApiService,
    // The configured storage (filesystem or S3, docs/storage.md), one instance per app.
    { provide: DOCUMENT_STORAGE, useFactory: (config: AppConfig) => documentStorageFor(config), inject: [APP_CONFIG] },
    // The configured scanner (off by default); every upload route passes it to receiveUpload.
    { provide: DOCUMENT_SCANNER, useFactory: (config: AppConfig) => documentScannerFor(config), inject: [APP_CONFIG] },
  ],
  exports: [
    ApplicationDraftsService,
    ApplicationFilingService,
    ApplicationExaminationService,
    ApplicationsRepository,
    DocumentsRepository,
    EventsRepository,
    DraftsRepository,
    ApplicationsApiService,
    DOCUMENT_STORAGE,
    DOCUMENT_SCANNER,
  ],
})
export class ApplicationsModule {}
