import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tallies' key: the Monday-based week of issue in Japan time, as the dashboard shows it. */
const WEEK = (c: string) => `date_trunc('week', ${c}.issued_at AT TIME ZONE 'Asia/Tokyo')::date`;

/** One row's contribution to each tally column, signed (+1 for new rows, -1 for old ones). */
const CONTRIBUTION = (c: string, sign: string) => `SELECT ${WEEK(c)} AS week, ${sign} AS total,
    ${sign} * (${c}.received_at IS NULL AND ${c}.revoked_at IS NULL)::int AS awaiting,
    ${sign} * (${c}.received_at IS NULL AND ${c}.revoked_at IS NULL AND ${c}.reminders_sent > 0)::int AS reminded,
    ${sign} * (${c}.received_at IS NOT NULL)::int AS received,
    ${sign} * (${c}.revoked_at IS NOT NULL)::int AS revoked`;

// Only weeks whose counts change get a row: a statement that touches no counted fact adds nothing.
const APPLY = (source: string) => `
  INSERT INTO coe_tally (week, total, awaiting, reminded, received, revoked)
  SELECT week, sum(total), sum(awaiting), sum(reminded), sum(received), sum(revoked) FROM (${source}) d
   GROUP BY week
  HAVING sum(total) <> 0 OR sum(awaiting) <> 0 OR sum(reminded) <> 0 OR sum(received) <> 0 OR sum(revoked) <> 0`;

/**
 * Kept counts of certificates by week of issue, so the office ledger's totals and the dashboard read a
 * few hundred rows instead of counting 1,000,000 on every view (docs/decisions.md, issue 11). Kept by
 * statement-level triggers with transition tables, one aggregated insert per statement (a set-based
 * sweep of 100,000 rows pays one GROUP BY). The rows are signed deltas, summed when read and folded
 * together now and then (CoeLedgerRepository): appending takes no lock another writer waits for, where
 * one counter row per week would serialize every issuance, receipt and reminder of that week.
 */
export class CoeTally1765375200000 implements MigrationInterface {
  name = 'CoeTally1765375200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "coe_tally" (
        "week" date NOT NULL,
        "total" bigint NOT NULL DEFAULT 0,
        "awaiting" bigint NOT NULL DEFAULT 0,
        "reminded" bigint NOT NULL DEFAULT 0,
        "received" bigint NOT NULL DEFAULT 0,
        "revoked" bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE FUNCTION coe_tally_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${APPLY(`${CONTRIBUTION('n', '1')} FROM new_rows n`)}; RETURN NULL; END $$`);
    await q.query(`CREATE FUNCTION coe_tally_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${APPLY(`${CONTRIBUTION('n', '1')} FROM new_rows n UNION ALL ${CONTRIBUTION('o', '-1')} FROM old_rows o`)};
      RETURN NULL; END $$`);
    await q.query(`CREATE FUNCTION coe_tally_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${APPLY(`${CONTRIBUTION('o', '-1')} FROM old_rows o`)}; RETURN NULL; END $$`);
    await q.query(`CREATE FUNCTION coe_tally_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN DELETE FROM coe_tally; RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER coe_tally_insert AFTER INSERT ON coe REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION coe_tally_insert()`);
    await q.query(`CREATE TRIGGER coe_tally_update AFTER UPDATE
      ON coe REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coe_tally_update()`);
    await q.query(`CREATE TRIGGER coe_tally_delete AFTER DELETE ON coe REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION coe_tally_delete()`);
    await q.query(
      `CREATE TRIGGER coe_tally_truncate AFTER TRUNCATE ON coe FOR EACH STATEMENT EXECUTE FUNCTION coe_tally_truncate()`,
    );
    await q.query(APPLY(`${CONTRIBUTION('c', '1')} FROM coe c`));

    // The officers' name search is a prefix of the upper-cased name: LIKE 'X%' uses a btree only with
    // pattern ops (the database collation is not C), so the old index served equality alone.
    await q.query(`CREATE INDEX "coe_holder_prefix_idx" ON "coe" (upper("holder_name_en") text_pattern_ops)`);
    await q.query(`DROP INDEX "coe_holder_idx"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "coe_holder_idx" ON "coe" (upper("holder_name_en"))`);
    await q.query(`DROP INDEX "coe_holder_prefix_idx"`);
    for (const op of ['insert', 'update', 'delete', 'truncate']) {
      await q.query(`DROP TRIGGER coe_tally_${op} ON coe`);
      await q.query(`DROP FUNCTION coe_tally_${op}()`);
    }
    await q.query(`DROP TABLE "coe_tally"`);
  }
}
