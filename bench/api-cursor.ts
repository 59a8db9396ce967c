/**
 * API paging over 1,000,000 certificates: the cursor page 1 (the floor) against the cursor page 10,000
 * and against the old offset page 10,000 and the old counted page 1, on the same embedded PostgreSQL in
 * the same run. Times the page query of GET /api/v1/coes (51 rows: a page and the look-ahead row).
 * Run: npm run bench
 */
import { API_PAGE_SIZE, awaitingReceiptSql, CoeFilter, CoeLedgerRepository, ListFrom } from '@app/coe';
import type { DataSource } from 'typeorm';
import { fmt, meanMs, recordSection, BenchRow } from './report';
import type { SeededCoes } from './seed-coes';

const N = 1_000_000;
const PAGE = 10_000;

/**
 * Recorded by bench/office-pages.bench.ts on its database of 1,000,000 certificates (one seed for both).
 */
export async function apiCursorSection(ds: DataSource, seed: SeededCoes): Promise<void> {
  {
    const ledger = new CoeLedgerRepository(ds);
    const now = new Date(Date.UTC(2026, 3, 1)); // a fixed instant: the state column does not matter here
    const page = (filter: CoeFilter, from: ListFrom) => ledger.list(filter, now, from, API_PAGE_SIZE + 1);
    const offset = (PAGE - 1) * API_PAGE_SIZE;
    const lastOfPrevious = async (filter: CoeFilter) =>
      (await ledger.list(filter, now, { offset: offset - 1 }, 1))[0].id;

    /** Median over 3 runs of the mean ms per call, after `warm` calls (fewer for the slow old queries). */
    const time = meanMs;
    const rows: BenchRow[] = [];

    for (const [label, filter, countSql] of [
      ['all', {}, 'SELECT count(*) FROM coe c'],
      ['status=unregistered', { receipt: 'awaiting' }, `SELECT count(*) FROM coe c WHERE ${awaitingReceiptSql('c')}`],
    ] as [string, CoeFilter, string][]) {
      const afterId = await lastOfPrevious(filter);
      const deep = await page(filter, { afterId });
      const viaOffset = await page(filter, { offset });
      if (deep.map((r) => r.id).join() !== viaOffset.map((r) => r.id).join()) throw new Error('pages differ');
      const floor = await time(() => page(filter, {}), 200);
      const cursorDeep = await time(() => page(filter, { afterId }), 200);
      // The old queries take a second or more each: a few calls show what the cursor replaces.
      const offsetDeep = await time(() => page(filter, { offset }), 1, 0);
      const counted = await time(() => Promise.all([page(filter, { offset: 0 }), ds.query(countSql)]), 3, 1);
      const ms = (x: number) => `${fmt(x)} ms`;
      const floorText = `cursor page 1: ${ms(floor)}`;
      rows.push(
        {
          what: `${label}: cursor page ${PAGE.toLocaleString('en-US')}`,
          floor: floorText,
          result: ms(cursorDeep),
          ratio: cursorDeep / floor,
          target: '≤ 2× (the same latency as page 1; lower is better)',
          met: cursorDeep / floor <= 2,
        },
        {
          what: `${label}: old offset page ${PAGE.toLocaleString('en-US')}`,
          floor: floorText,
          result: ms(offsetDeep),
          ratio: offsetDeep / floor,
          target: '— (what the cursor replaces)',
          met: null,
        },
        {
          what: `${label}: old numbered page 1 with count(*)`,
          floor: floorText,
          result: ms(counted),
          ratio: counted / floor,
          target: '— (what the cursor replaces)',
          met: null,
        },
      );
    }
    const plan = await ds.query<{ 'QUERY PLAN': string }[]>(
      `EXPLAIN ANALYZE SELECT c.id FROM coe c
      WHERE (c.issued_at, c.id) < (SELECT p.issued_at, p.id FROM coe p WHERE p.id = $1)
      ORDER BY c.issued_at DESC, c.id DESC LIMIT 51`,
      [await lastOfPrevious({})],
    );
    const planText = plan.map((r) => '    ' + r['QUERY PLAN']).join('\n');
    recordSection({
      id: 'api-cursor',
      title: 'API paging by cursor over 1,000,000 certificates (target 6)',
      command: 'npm run bench -- office-pages (which seeds the 1,000,000 certificates it shares)',
      method:
        `${N.toLocaleString('en-US')} certificates seeded with generate_series (bench/seed-coes.ts, ` +
        `${fmt(seed.seconds, 1)} s); the page query of GET /api/v1/coes (51 rows) timed in-process, ` +
        'mean of 200 calls (1 for the offset page, 3 for the counted one), median of 3 runs.',
      rows,
      notes: ['EXPLAIN ANALYZE of the cursor page 10,000:', '', planText],
    });
  }
}
