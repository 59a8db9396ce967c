import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The certificate PDF is made once, at issuance, and kept by its SHA-256 (`coe_document`); `coe` points
 * at its current document. Certificates issued before this have none and get theirs on their next mail
 * (see docs/decisions.md): rendering every stored certificate here would take ~0.16 s of CPU each.
 * Stored documents are never changed: a trigger refuses updates.
 */
export class CoeDocument1764900000000 implements MigrationInterface {
  name = 'CoeDocument1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "coe_document" (
         "sha256" text PRIMARY KEY CHECK ("sha256" ~ '^[0-9a-f]{64}$'),
         "bytes" bytea NOT NULL,
         "size" int NOT NULL,
         "created_at" timestamptz NOT NULL
       )`,
    );
    // A PDF is already compressed: storing it out of line without trying again saves the CPU.
    await q.query(`ALTER TABLE "coe_document" ALTER COLUMN "bytes" SET STORAGE EXTERNAL`);
    await q.query(
      `CREATE FUNCTION "coe_document_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'coe_document rows are never changed'; END $$`,
    );
    await q.query(
      `CREATE TRIGGER "coe_document_no_update" BEFORE UPDATE ON "coe_document"
       FOR EACH ROW EXECUTE FUNCTION "coe_document_immutable"()`,
    );
    await q.query(`ALTER TABLE "coe" ADD COLUMN "document_sha256" text REFERENCES "coe_document" ("sha256")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "coe" DROP COLUMN "document_sha256"`);
    await q.query(`DROP TABLE "coe_document"`);
    await q.query(`DROP FUNCTION "coe_document_immutable"()`);
  }
}
