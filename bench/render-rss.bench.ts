/**
 * RSS of a process rendering the receipt ledger page (20 rows with dates, eight languages in turn) in
 * production mode (compiled templates cached), over five equal runs: the fifth should end where the
 * first did. Render time against a bare Handlebars page of the same size, in the same process.
 * Run: npm run bench -- render-rss (or node dist/bench/render-rss.bench.js once dist/ is built)
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Handlebars from 'handlebars';
import { createViewEngine, LANGUAGE_CODES, paginate, projectPath } from '@app/platform';
import { fmt, median, recordSection } from './report';

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
const ours = (lng: string): string => {
  let html = '';
  render(file, page(lng), (err, out) => {
    if (err) throw err;
    html = out ?? '';
  });
  return html;
};

// The floor: one compiled template with a table, padded to the size of our page.
const floorTemplate = Handlebars.create().compile(
  '<!doctype html><html><head><title>{{title}}</title></head><body><table>' +
    '{{#each rows}}<tr><td>{{number}}</td><td>{{date}}</td><td>{{state}}</td></tr>{{/each}}</table></body></html>',
);
const floorRow = (i: number) => ({ number: `E2026-${i}`, date: '2026年7月23日15時', state: '未登録' });
const floorRows = (bytes: number) => {
  const per =
    Buffer.byteLength(floorTemplate({ title: 't', rows: [floorRow(0)] })) -
    floorTemplate({ title: 't', rows: [] }).length;
  return Array.from({ length: Math.max(1, Math.round(bytes / per)) }, (_, i) => floorRow(i));
};

const mb = () => process.memoryUsage().rss / 1e6;
const RUNS = 5;
const RENDERS = Number(process.env.RENDERS ?? 2000);

function main(): void {
  const before = mb();
  const size = Buffer.byteLength(ours('ja'));
  const floorData = { title: 'e-COE', rows: floorRows(size) };
  const after: number[] = [];
  const msOurs: number[] = [];
  const msFloor: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    let start = performance.now();
    for (let i = 0; i < RENDERS; i++) ours(LANGUAGE_CODES[i % LANGUAGE_CODES.length]);
    msOurs.push((performance.now() - start) / RENDERS);
    after.push(mb());
    start = performance.now();
    for (let i = 0; i < RENDERS; i++) floorTemplate(floorData);
    msFloor.push((performance.now() - start) / RENDERS);
    console.log(`run ${run}: ${fmt(msOurs[run - 1], 3)} ms a render, RSS ${fmt(after[run - 1], 0)} MB`);
  }
  const growth = after[RUNS - 1] / after[0];
  const ratio = median(msFloor) / median(msOurs);
  recordSection({
    id: 'render-rss',
    title: 'Ledger page render and memory, in process (target 5)',
    command: 'npm run bench -- render-rss',
    method: `${RENDERS.toLocaleString('en-US')} renders of the receipt ledger page (20 rows, the 8 languages in turn) a run, 5 runs; medians.`,
    rows: [
      {
        what: `ledger page render (${fmt(size / 1024, 1)} kB), ms`,
        floor: `bare Handlebars page of the same size: ${fmt(median(msFloor), 3)} ms`,
        result: `${fmt(median(msOurs), 3)} ms`,
        ratio,
        target: '— (floor ÷ ours; for information)',
        met: null,
      },
      {
        what: `RSS after run 5 against run 1 (${RUNS} × ${RENDERS.toLocaleString('en-US')} renders)`,
        floor: `after run 1: ${fmt(after[0], 0)} MB (${fmt(before, 0)} MB before)`,
        result: `${after.map((m) => fmt(m, 0)).join(' → ')} MB`,
        ratio: growth,
        target: 'within 10 %',
        met: growth <= 1.1,
      },
    ],
  });
}

main();
