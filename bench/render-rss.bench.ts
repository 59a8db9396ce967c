/**
 * RSS of a process rendering the receipt ledger page (20 rows with dates, eight languages in turn) and
 * 申請状況確認's list (20 applications, its rows as the portal maps them) in production mode (compiled
 * templates cached), over five equal runs: the fifth should end where the first did. Render times against
 * a bare Handlebars page of the same size, in the same process.
 * Run: npm run bench -- render-rss (or node dist/bench/render-rss.bench.js once dist/ is built)
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Handlebars from 'handlebars';
import { type Application, listRow } from '@app/applications';
import { createViewEngine, Language, LANGUAGE_CODES, paginate, projectPath } from '@app/platform';
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
const html = (template: string, data: Record<string, unknown>): string => {
  let out = '';
  render(template, data, (err, page) => {
    if (err) throw err;
    out = page ?? '';
  });
  return out;
};
const ours = (lng: string): string => html(file, page(lng));

// 申請状況確認: what StatusController.list renders for a filer's first page of 20 (of more).
const listFile = projectPath('libs/applications/src/views/applications/list.hbs');
const PROCEDURES = ['coe', 'change', 'extension', 'acquisition'];
const STATUSES = ['received', 'examining', 'documents_requested', 'decided', 'result_issued', 'withdrawn'];
const applications = Array.from(
  { length: 20 },
  (_, i) =>
    ({
      number: `A2026-${String(i).padStart(10, 'Z')}`,
      procedureCode: PROCEDURES[i % PROCEDURES.length],
      nameEn: `NGUYEN VAN ${String.fromCharCode(65 + i)}`,
      submittedAt: new Date(t0 - i * 3_600_000),
      status: STATUSES[i % STATUSES.length],
      decision: i % STATUSES.length === 3 || i % STATUSES.length === 4 ? 'approved' : null,
    }) as Application,
);
const listPage = (lng: Language) => ({
  lng,
  titleKey: 'applications:mine.title',
  rows: applications.map((a) => listRow(a, lng)),
  applicant: '',
  applicantMax: 100,
  size: 20,
  sizes: [10, 20, 50, 100].map((s) => ({ value: s, selected: s === 20 })),
  pagination: { pages: 1, numbers: [], next: '/applications?size=20&cursor=x' },
});
const list = (lng: Language): string => html(listFile, listPage(lng));

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
  const listSize = Buffer.byteLength(list('ja'));
  const listFloorData = { title: '申請状況確認', rows: floorRows(listSize) };
  const after: number[] = [];
  const msOurs: number[] = [];
  const msFloor: number[] = [];
  const msList: number[] = [];
  const msListFloor: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    let start = performance.now();
    for (let i = 0; i < RENDERS; i++) ours(LANGUAGE_CODES[i % LANGUAGE_CODES.length]);
    msOurs.push((performance.now() - start) / RENDERS);
    start = performance.now();
    for (let i = 0; i < RENDERS; i++) list(LANGUAGE_CODES[i % LANGUAGE_CODES.length]);
    msList.push((performance.now() - start) / RENDERS);
    after.push(mb());
    start = performance.now();
    for (let i = 0; i < RENDERS; i++) floorTemplate(floorData);
    msFloor.push((performance.now() - start) / RENDERS);
    start = performance.now();
    for (let i = 0; i < RENDERS; i++) floorTemplate(listFloorData);
    msListFloor.push((performance.now() - start) / RENDERS);
    console.log(
      `run ${run}: ledger ${fmt(msOurs[run - 1], 3)} ms, 申請状況確認 ${fmt(msList[run - 1], 3)} ms a render, ` +
        `RSS ${fmt(after[run - 1], 0)} MB`,
    );
  }
  const growth = after[RUNS - 1] / after[0];
  const ratio = median(msFloor) / median(msOurs);
  recordSection({
    id: 'render-rss',
    title: 'Ledger page render and memory, in process (target 5)',
    command: 'npm run bench -- render-rss',
    method:
      `${RENDERS.toLocaleString('en-US')} renders of the receipt ledger page and as many of 申請状況確認's list ` +
      '(20 rows each, the 8 languages in turn) a run, 5 runs; medians.',
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
        what: `申請状況確認 list render (${fmt(listSize / 1024, 1)} kB), ms`,
        floor: `bare Handlebars page of the same size: ${fmt(median(msListFloor), 3)} ms`,
        result: `${fmt(median(msList), 3)} ms`,
        ratio: median(msListFloor) / median(msList),
        target: '— (floor ÷ ours; for information)',
        met: null,
      },
      {
        what: `RSS after run 5 against run 1 (${RUNS} × ${RENDERS.toLocaleString('en-US')} renders of each page)`,
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
