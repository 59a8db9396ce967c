import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The officers' name search counts its matches and shows the newest 50: with the sort key and the id in
 * the name index (and the name itself, without which PostgreSQL plans no index-only scan on an
 * expression), both read the index alone instead of every matching row of the table.
 */
export class CoeHolderPrefixCovering1765548000000 implements MigrationInterface {
  name = 'CoeHolderPrefixCovering1765548000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "coe_holder_prefix_idx"`);
    await q.query(
      `CREATE INDEX "coe_holder_prefix_idx" ON "coe" (upper("holder_name_en") text_pattern_ops)
         INCLUDE ("holder_name_en", "issued_at", "id")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "coe_holder_prefix_idx"`);
    await q.query(`CREATE INDEX "coe_holder_prefix_idx" ON "coe" (upper("holder_name_en") text_pattern_ops)`);
  }
}
