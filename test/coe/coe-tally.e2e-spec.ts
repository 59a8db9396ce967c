import { CoeLedgerRepository } from '@app/coe';
import { queryRows } from '@app/platform';
import { useTestDataSource } from '../support/test-postgres';

type Tally = { week: string; total: string; awaiting: string; reminded: string; received: string; revoked: string };

const TRUTH = `
  SELECT to_char(date_trunc('week', c.issued_at AT TIME ZONE 'Asia/Tokyo'), 'YYYY-MM-DD') AS week,
         count(*)::text AS total,
         count(*) FILTER (WHERE c.received_at IS NULL AND c.revoked_at IS NULL)::text AS awaiting,
         count(*) FILTER (WHERE c.received_at IS NULL AND c.revoked_at IS NULL AND c.reminders_sent > 0)::text AS reminded,
         count(*) FILTER (WHERE c.received_at IS NOT NULL)::text AS received,
         count(*) FILTER (WHERE c.revoked_at IS NOT NULL)::text AS revoked
    FROM coe c GROUP BY 1 ORDER BY 1`;

// The kept rows are deltas, summed; a week whose certificates were all deleted sums to zeros: no row.
const KEPT = `
  SELECT to_char(week, 'YYYY-MM-DD') AS week, sum(total)::text AS total, sum(awaiting)::text AS awaiting,
         sum(reminded)::text AS reminded, sum(received)::text AS received, sum(revoked)::text AS revoked
    FROM coe_tally GROUP BY week
  HAVING (sum(total), sum(awaiting), sum(reminded), sum(received), sum(revoked)) <> (0, 0, 0, 0, 0) ORDER BY week`;

describe('kept certificate tallies (coe_tally) agree with counting the table (real PostgreSQL)', () => {
  const t = useTestDataSource();
  const agree = async () => {
    const [truth, kept] = await Promise.all([queryRows<Tally>(t.ds, TRUTH), queryRows<Tally>(t.ds, KEPT)]);
    expect(kept).toEqual(truth);
    return truth;
  };

  it('through inserts, receipts, reminders, revocations, deletes and truncation', async () => {
    const [{ id }] = await queryRows<{ id: string }>(
      t.ds,
      `INSERT INTO app_user (login_id, email, category, name_en, password_hash, password_changed_at, created_at, updated_at)
       VALUES ('TALLY1', 'tally@example.test', 'institution_staff', 'T', 'x', now(), now(), now()) RETURNING id`,
    );
    // 40 certificates over about six weeks, issued around midnight Japan time on Sundays and Mondays.
    await t.ds.query(
      `INSERT INTO coe (number, verification_code, recipient_id, holder_name_en, nationality, date_of_birth, gender,
         status_of_residence, issuing_office, issued_at, valid_until, issued_by, created_at, recipient_seq)
       SELECT 'T-' || g, 'v' || g, $1, 'KIM ' || g, 'KOR', '2000-01-01', 'female', 'student', 'X',
         timestamptz '2026-03-29 14:30:00Z' + (g * interval '25 hours'), timestamptz '2026-12-01Z', 't', now(), g
       FROM generate_series(1, 40) g`,
      [id],
    );
    expect((await agree()).length).toBeGreaterThan(1);
    await t.ds.query(`UPDATE coe SET received_at = now() WHERE number IN ('T-1', 'T-2', 'T-9', 'T-30')`);
    await t.ds.query(`UPDATE coe SET reminders_sent = reminders_sent + 1 WHERE right(number, 1) IN ('3', '4', '2')`);
    await t.ds.query(`UPDATE coe SET revoked_at = now() WHERE number IN ('T-3', 'T-9', 'T-11')`);
    await t.ds.query(`UPDATE coe SET received_at = NULL WHERE number = 'T-30'`);
    await agree();

    const ledger = new CoeLedgerRepository(t.ds);
    expect(await ledger.count({})).toBe(40);
    expect(await ledger.count({ receipt: 'awaiting' })).toBe(40 - 3 - 3 + 1);
    expect(await ledger.count({ receipt: 'received' })).toBe(3);
    expect(await ledger.count({ receipt: 'revoked' })).toBe(3);
    const weeks = await queryRows<{ week: string; unregistered: string; reminded: string }>(
      t.ds,
      `SELECT week, awaiting AS unregistered, reminded FROM (${TRUTH}) w WHERE awaiting::int > 0 ORDER BY week DESC`,
    );
    expect(await ledger.weeksAwaitingReceipt()).toEqual(
      weeks.map((w) => ({ week: w.week, unregistered: Number(w.unregistered), reminded: Number(w.reminded) })),
    );

    const deltas = async () =>
      Number((await queryRows<{ n: string }>(t.ds, 'SELECT count(*) AS n FROM coe_tally'))[0].n);
    const before = await deltas();
    await ledger.foldTallies();
    expect(await deltas()).toBeLessThan(before);
    await agree();

    await t.ds.query(`DELETE FROM coe WHERE number IN ('T-1', 'T-2', 'T-3', 'T-4', 'T-5', 'T-6', 'T-7')`);
    await agree();
    await t.ds.query(`TRUNCATE coe CASCADE`);
    expect(await agree()).toEqual([]);
    expect(await ledger.count({})).toBe(0);
  });

  it('stays exact when two transactions change the same week at once', async () => {
    const [{ id }] = await queryRows<{ id: string }>(
      t.ds,
      `INSERT INTO app_user (login_id, email, category, name_en, password_hash, password_changed_at, created_at, updated_at)
       VALUES ('TALLY2', 'tally2@example.test', 'institution_staff', 'T', 'x', now(), now(), now()) RETURNING id`,
    );
    const insert = (k: number) =>
      t.ds.transaction((m) =>
        m.query(
          `INSERT INTO coe (number, verification_code, recipient_id, holder_name_en, nationality, date_of_birth,
             gender, status_of_residence, issuing_office, issued_at, valid_until, issued_by, created_at, recipient_seq)
           SELECT 'U-' || $2 || '-' || g, 'u' || $2 || '-' || g, $1, 'LEE', 'KOR', '2000-01-01', 'male', 'student',
             'X', timestamptz '2026-04-01Z' + g * interval '1 minute', timestamptz '2026-12-01Z', 't', now(),
             -- distinct places; this test reads tallies, not the list's order
             1000 * ($2::text)::int + g
           FROM generate_series(1, 5) g`,
          [id, k],
        ),
      );
    await Promise.all([1, 2, 3, 4, 5, 6].map(insert));
    await Promise.all(
      [1, 2, 3].map((k) => t.ds.query(`UPDATE coe SET received_at = now() WHERE number LIKE $1`, [`U-${k}-%`])),
    );
    // Two folds at once, while a writer adds: each sums what it removed, nothing is lost or counted twice.
    const ledger = new CoeLedgerRepository(t.ds);
    await Promise.all([ledger.foldTallies(), insert(7), ledger.foldTallies()]);
    const truth = await agree();
    expect(truth.reduce((n, w) => n + Number(w.total), 0)).toBe(35);
    expect(truth.reduce((n, w) => n + Number(w.received), 0)).toBe(15);
  });
});
