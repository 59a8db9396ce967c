import { Module } from '@nestjs/common';
import { CoeModule } from '@app/coe';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { DOCUMENT_SCANNER, DOCUMENT_STORAGE, documentScannerFor, documentStorageFor } from '@app/storage';
import { ApplicationsModule } from '../applications.module';
import { StatusController } from './status.controller';

/** The portal's application pages (申請状況確認) with the configured document storage and scanner. */
@Module({
  imports: [ApplicationsModule, CoeModule],
  providers: [
    { provide: DOCUMENT_STORAGE, inject: [APP_CONFIG], useFactory: (c: AppConfig) => documentStorageFor(c) },
    { provide: DOCUMENT_SCANNER, inject: [APP_CONFIG], useFactory: (c: AppConfig) => documentScannerFor(c) },
  ],
  controllers: [StatusController],
  exports: [DOCUMENT_STORAGE, DOCUMENT_SCANNER],
})
export class ApplicationsPortalModule {}
