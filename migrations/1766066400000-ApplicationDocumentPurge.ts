import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention of application documents (docs/storage.md, "Retention"). `document_purge` holds the storage
 * keys of document rows already deleted: the rows go in the transaction that decides the purge, the
 * objects after it commits, and a key stays here until its object is gone, so a storage failure leaves
 * neither a row pointing at nothing nor an object nobody knows of. `documents_purged_at` marks a
 * withdrawn application whose documents are gone, and keeps it out of the partial index the job reads.
 */
export class ApplicationDocumentPurge1766066400000 implements MigrationInterface {
  name = 'ApplicationDocumentPurge1766066400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "document_purge" (
         "storage_key" text PRIMARY KEY,
         "queued_at" timestamptz NOT NULL
       )`,
    );
    await q.query(`CREATE INDEX "document_purge_queued_idx" ON "document_purge" ("queued_at")`);
    await q.query(`ALTER TABLE "application" ADD COLUMN "documents_purged_at" timestamptz`);
    await q.query(
      `CREATE INDEX "application_withdrawn_unpurged_idx" ON "application" ("withdrawn_at")
         WHERE "status" = 'withdrawn' AND "documents_purged_at" IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "application_withdrawn_unpurged_idx"`);
    await q.query(`ALTER TABLE "application" DROP COLUMN "documents_purged_at"`);
    await q.query(`DROP TABLE "document_purge"`);
  }
}
