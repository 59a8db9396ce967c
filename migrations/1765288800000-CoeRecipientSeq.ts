import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each certificate's place in its recipient's list, oldest = 1, in exactly the list's order (issued_at, id),
 * so the receipt ledger reads page k as a range of this ordinal instead of skipping k × size index entries,
 * and the mailed `?coe=` link finds its page from the row alone. Issuance keeps it (docs/decisions.md).
 */
export class CoeRecipientSeq1765288800000 implements MigrationInterface {
  name = 'CoeRecipientSeq1765288800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "coe" ADD COLUMN "recipient_seq" integer`);
    await q.query(
      `UPDATE "coe" c SET "recipient_seq" = r.seq
         FROM (SELECT "id", row_number() OVER (PARTITION BY "recipient_id" ORDER BY "issued_at", "id") AS seq
                 FROM "coe") r
        WHERE c."id" = r."id"`,
    );
    // No default: a certificate inserted without its place would page wrongly, so it must fail instead.
    await q.query(`ALTER TABLE "coe" ALTER COLUMN "recipient_seq" SET NOT NULL`);
    await q.query(`CREATE INDEX "coe_recipient_seq_idx" ON "coe" ("recipient_id", "recipient_seq")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "coe_recipient_seq_idx"`);
    await q.query(`ALTER TABLE "coe" DROP COLUMN "recipient_seq"`);
  }
}
