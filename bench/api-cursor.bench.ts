/**
 * API paging over 1,000,000 certificates: the cursor page 1 (the floor) against the cursor page 10,000
 * and against the old offset page 10,000 and the old counted page 1, on the same embedded PostgreSQL in
 * the same run. Times the page query of GET /api/v1/coes (51 rows: a page and the look-ahead row).
 * Run: npm run bench
 */
import { performance } from 'node:perf_hooks';
import { API_PAGE_SIZE, CoeFilter, CoeLedgerRepository, ListFrom } from '@app/coe';
import { withBenchDatabase } from './bench-db';

const N = 1_000_000;
const PAGE = 10_000;

function main(): Promise<void> {
  return withBenchDatabase(async (ds) => {
    const [{ id: userId }] = await ds.query<{ id: string }[]>(
      `INSERT INTO app_user (login_id, email, category, name_en, password_hash, password_changed_at, created_at, updated_at)
     VALUES ('BENCHAPI', 'api@bench.test', 'institution_staff', 'BENCH', 'x', now(), now(), now()) RETURNING id`,
    );
    const t0 = performance.now();
    // One in five received, so the status filter has something to skip.
    await ds.query(
      `INSERT INTO coe (number, verification_code, recipient_id, holder_name_en, nationality, date_of_birth, gender,
       status_of_residence, issuing_office, issued_at, valid_until, issued_by, created_at, received_at)
     SELECT 'A-' || g, md5('a' || g) || md5(g::text), $1, 'H', 'VNM', '2000-01-01', 'male', 'student', 'X',
       now() - g * interval '1 second', now() + interval '3 months', 'bench', now(),
       CASE WHEN g % 5 = 0 THEN now() END
     FROM generate_series(1, $2) g`,
      [userId, N],
    );
    await ds.query(`INSERT INTO coe_recipient (recipient_id, certificates) VALUES ($1, $2)`, [userId, N]);
    await ds.query('ANALYZE coe');
    console.log(`seeded ${N.toLocaleString('en')} certificates in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const ledger = new CoeLedgerRepository(ds);
    const now = new Date(Date.UTC(2026, 3, 1)); // a fixed instant: the state column does not matter here
    const page = (filter: CoeFilter, from: ListFrom) => ledger.list(filter, now, from, API_PAGE_SIZE + 1);
    const offset = (PAGE - 1) * API_PAGE_SIZE;
    const lastOfPrevious = async (filter: CoeFilter) =>
      (await ledger.list(filter, now, { offset: offset - 1 }, 1))[0].id;

    /** Median over 3 runs of the mean ms per call. */
    const time = async (run: () => Promise<unknown>, rounds: number): Promise<number> => {
      for (let i = 0; i < 3; i++) await run(); // warm up
      const means: number[] = [];
      for (let r = 0; r < 3; r++) {
        const s = performance.now();
        for (let i = 0; i < rounds; i++) await run();
        means.push((performance.now() - s) / rounds);
      }
      return means.sort((a, b) => a - b)[1];
    };

    for (const [label, filter] of [
      ['all', {}],
      ['status=unregistered', { receipt: 'awaiting' }],
    ] as [string, CoeFilter][]) {
      const afterId = await lastOfPrevious(filter);
      const deep = await page(filter, { afterId });
      const viaOffset = await page(filter, { offset });
      if (deep.map((r) => r.id).join() !== viaOffset.map((r) => r.id).join()) throw new Error('pages differ');
      const floor = await time(() => page(filter, {}), 200);
      const cursorDeep = await time(() => page(filter, { afterId }), 200);
      const offsetDeep = await time(() => page(filter, { offset }), 5);
      const counted = await time(() => Promise.all([page(filter, { offset: 0 }), ledger.count(filter)]), 10);
      const row = (what: string, ms: number) =>
        console.log(`  ${what.padEnd(44)} ${ms.toFixed(2).padStart(8)} ms  ${(ms / floor).toFixed(1)}x floor`);
      console.log(`${label}:`);
      row('cursor page 1 (floor)', floor);
      row(`cursor page ${PAGE.toLocaleString('en')}`, cursorDeep);
      row(`old offset page ${PAGE.toLocaleString('en')}`, offsetDeep);
      row('old numbered page 1 with count(*)', counted);
    }
    const plan = await ds.query<{ 'QUERY PLAN': string }[]>(
      `EXPLAIN ANALYZE SELECT c.id FROM coe c
      WHERE (c.issued_at, c.id) < (SELECT p.issued_at, p.id FROM coe p WHERE p.id = $1)
      ORDER BY c.issued_at DESC, c.id DESC LIMIT 51`,
      [await lastOfPrevious({})],
    );
    console.log('EXPLAIN ANALYZE, cursor page 10,000:\n' + plan.map((r) => '  ' + r['QUERY PLAN']).join('\n'));
  });
}

void main();
