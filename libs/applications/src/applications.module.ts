import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@app/accounts';
import { AuditModule } from '@app/audit';
import { CoeModule } from '@app/coe';
import { MailModule } from '@app/mail';
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
  ],
  exports: [
    ApplicationDraftsService,
    ApplicationFilingService,
    ApplicationExaminationService,
    ApplicationsRepository,
    DocumentsRepository,
    EventsRepository,
    DraftsRepository,
  ],
})
export class ApplicationsModule {}
