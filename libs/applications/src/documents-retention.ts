import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig, daysBefore, queryRows } from '@app/platform';
import { DOCUMENT_STORAGE, type DocumentStorage } from '@app/storage';

/** The drafts due ($1: the cut-off, $2: how many), oldest first; read from `application_draft_updated_idx`. */
export const DUE_DRAFTS_SQL = `SELECT id FROM application_draft WHERE updated_at <= $1
   ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED`;

/** Withdrawn applications whose documents are due; read from `application_withdrawn_unpurged_idx`. */
export const DUE_WITHDRAWN_SQL = `SELECT id FROM application
   WHERE status = 'withdrawn' AND documents_purged_at IS NULL AND withdrawn_at <= $1
   ORDER BY withdrawn_at LIMIT $2 FOR UPDATE SKIP LOCKED`;

/**
 * The retention of filing data (docs/storage.md, "Retention"). Two steps, so that neither a row points at
 * a deleted object nor an object outlives every record of it: in one transaction the due rows are deleted
 * and their storage keys queued in `document_purge`; after the commit each queued object is deleted and
 * then its key. A storage failure leaves the key queued for the next run (deleting a missing object is
 * not an error, so a retry after a crash between the two is harmless).
 */
@Injectable()
export class DocumentsRetention {
  private readonly log = new Logger('DocumentsRetention');

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
  ) {}

  /** Drafts untouched for APPLICATION_DRAFT_RETENTION_DAYS or more: the draft and its documents go. */
  purgeDrafts(now: Date, limit: number): Promise<number> {
    const cutoff = daysBefore(now, this.config.applicationDraftRetentionDays);
    return this.ds.transaction(async (m) => {
      // FOR UPDATE also keeps a document from being attached meanwhile (its foreign key needs KEY SHARE).
      const ids = await this.lockDue(m, DUE_DRAFTS_SQL, [cutoff, limit]);
      if (ids.length === 0) return 0;
      await this.queueDocuments(m, 'draft_id', ids, now);
      await m.query(`DELETE FROM application_draft WHERE id = ANY($1)`, [ids]);
      return ids.length;
    });
  }

  /**
   * The documents of applications withdrawn WITHDRAWN_DOCUMENTS_RETENTION_DAYS or more ago; the application
   * and its events stay (the history), marked `documents_purged_at`. Counts applications.
   */
  purgeWithdrawn(now: Date, limit: number): Promise<number> {
    const cutoff = daysBefore(now, this.config.withdrawnDocumentsRetentionDays);
    return this.ds.transaction(async (m) => {
      const ids = await this.lockDue(m, DUE_WITHDRAWN_SQL, [cutoff, limit]);
      if (ids.length === 0) return 0;
      await this.queueDocuments(m, 'application_id', ids, now);
      await m.query(`DELETE FROM application_document WHERE application_id = ANY($1)`, [ids]);
      await m.query(`UPDATE application SET documents_purged_at = $2 WHERE id = ANY($1)`, [ids, now]);
      return ids.length;
    });
  }

  /**
   * Deletes up to `limit` queued objects from storage, then their keys; returns how many went. The keys are
   * held (SKIP LOCKED) while their objects are deleted, so two workers never work on the same key.
   */
  purgeObjects(_now: Date, limit: number): Promise<number> {
    return this.ds.transaction(async (m) => {
      const rows = await queryRows<{ storage_key: string }>(
        m,
        `SELECT storage_key FROM document_purge ORDER BY queued_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      const gone: string[] = [];
      for (const { storage_key: key } of rows) {
        try {
          await this.storage.delete(key);
          gone.push(key);
        } catch (e) {
          // Kept queued for the next run; the message names the key, never the document's owner.
          this.log.warn(`could not delete document ${key}: ${(e as Error).message}`);
        }
      }
      if (gone.length) await m.query(`DELETE FROM document_purge WHERE storage_key = ANY($1)`, [gone]);
      return gone.length;
    });
  }

  private async lockDue(m: EntityManager, sql: string, params: unknown[]): Promise<string[]> {
    return (await queryRows<{ id: string }>(m, sql, params)).map((r) => r.id);
  }

  private async queueDocuments(m: EntityManager, owner: 'draft_id' | 'application_id', ids: string[], now: Date) {
    await m.query(
      `INSERT INTO document_purge (storage_key, queued_at)
       SELECT storage_key, $2 FROM application_document WHERE ${owner} = ANY($1)
       ON CONFLICT (storage_key) DO NOTHING`,
      [ids, now],
    );
  }
}
