import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The API walks every certificate newest first by cursor; without an index on its sort key each page
 * would sort the whole table. With it a page is a short backward index scan from the cursor.
 */
export class CoeIssuedIndex1765029600000 implements MigrationInterface {
  name = 'CoeIssuedIndex1765029600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "coe_issued_idx" ON "coe" ("issued_at" DESC, "id" DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "coe_issued_idx"`);
  }
}
