/**
 * RSS of a process rendering the receipt ledger page (20 rows with dates, eight languages in turn) in
 * production mode (compiled templates cached), over five equal runs: the fifth should end where the
 * first did. The floor is the same process before the first run.
 * Run: npm run bench (or node dist/bench/render-rss.bench.js once dist/ is built)
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createViewEngine, LANGUAGE_CODES, paginate, projectPath } from '@app/platform';

const VIEWS = projectPath('libs/platform/src/web/views');
const render = createViewEngine({
  layoutsDir: join(VIEWS, 'layouts'),
  partialsDir: join(VIEWS, 'partials'),
  cache: true,
});
const file = projectPath('libs/coe/src/views/coe/receipts.hbs');
const t0 = 1_750_000_000_000;
const rows = Array.from({ length: 20 }, (_, i) => ({
  number: `E2026-${String(i).padStart(8, 'Z')}`,
  firstMailedAt: new Date(t0 + i * 60_000),
  receivedAt: i % 2 ? new Date(t0 + i * 120_000) : null,
  state: i % 2 ? 'registered' : 'unregistered',
}));
const page = (lng: string) => ({
  lng,
  titleKey: 'coe:ledger.title',
  rows,
  total: 100_000,
  size: 20,
  sizes: [10, 20, 50, 100].map((s) => ({ value: s, selected: s === 20 })),
  asOf: '2026-12-01 12:00',
  pagination: paginate({ page: 2500, size: 20, total: 100_000, href: (n) => `/receipts?page=${n}` }),
});

const mb = () => process.memoryUsage().rss / 1e6;
const RUNS = 5;
const RENDERS = Number(process.env.RENDERS ?? 2000);
const floor = mb();
const after: number[] = [];
for (let run = 1; run <= RUNS; run++) {
  const start = performance.now();
  for (let i = 0; i < RENDERS; i++) {
    render(file, page(LANGUAGE_CODES[i % LANGUAGE_CODES.length]), (err) => {
      if (err) throw err;
    });
  }
  after.push(mb());
  const ms = (performance.now() - start) / RENDERS;
  console.log(`run ${run}: ${RENDERS} renders, ${ms.toFixed(3)} ms a render, RSS ${after[run - 1].toFixed(0)} MB`);
}
const growth = (after[RUNS - 1] / after[0] - 1) * 100;
console.log(`RSS before ${floor.toFixed(0)} MB; fifth run ${growth.toFixed(1)} % over the first (target ≤ 10 %)`);
