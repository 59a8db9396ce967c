import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, Retention } from '@app/platform';
import { DOCUMENT_STORAGE, documentStorageFor } from '@app/storage';
import { DocumentsRetention } from './documents-retention';

/**
 * The retention job's share of the filing data, for the worker and `retention:run` (which need none of
 * the filing services). The storage is this module's own instance of the configured backend.
 */
@Module({
  providers: [
    DocumentsRetention,
    { provide: DOCUMENT_STORAGE, inject: [APP_CONFIG], useFactory: (c: AppConfig) => documentStorageFor(c) },
  ],
})
export class ApplicationsRetentionModule implements OnModuleInit {
  constructor(
    private readonly retention: Retention,
    @Inject(DocumentsRetention) private readonly documents: DocumentsRetention,
  ) {}

  /** In this order, so the objects of what the first two delete go in the same run. */
  onModuleInit(): void {
    this.retention.register({ table: 'application_draft', purge: (n, l) => this.documents.purgeDrafts(n, l) });
    this.retention.register({ table: 'application_document', purge: (n, l) => this.documents.purgeWithdrawn(n, l) });
    this.retention.register({ table: 'document_purge', purge: (n, l) => this.documents.purgeObjects(n, l) });
  }
}
