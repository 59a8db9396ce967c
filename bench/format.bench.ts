/**
 * Date formatting as templates do it (one call per date on a page), against a floor of one reused
 * Intl.DateTimeFormat, in the same run; and the process RSS before and after.
 * Run: npm run bench -- format (or node dist/bench/format.bench.js once `npm run bench:build` ran)
 */
import { performance } from 'node:perf_hooks';
import { formatDateTime, LANGUAGE_CODES } from '@app/platform';
import { fmt, medianOf, recordSection } from './report';

const N = 50_000;
const dates = Array.from({ length: 1000 }, (_, i) => new Date(1_750_000_000_000 + i * 3_600_000));

function perCall(f: (d: Date, i: number) => string): number {
  for (let i = 0; i < 1000; i++) f(dates[i % dates.length], i); // warm up
  const t0 = performance.now();
  for (let i = 0; i < N; i++) f(dates[i % dates.length], i);
  return ((performance.now() - t0) * 1000) / N;
}

const floor = new Intl.DateTimeFormat('ja', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'long', day: 'numeric' });
const rssMb = () => process.memoryUsage().rss / 1e6;

async function main() {
  const before = rssMb();
  const base = await medianOf(5, () => perCall((d) => floor.format(d)));
  // RSS after each run of ours: flat from the first run on (before the cache every run added ~300 MB).
  const rss: number[] = [];
  const ours = await medianOf(5, () => {
    const us = perCall((d, i) => formatDateTime(d, LANGUAGE_CODES[i % LANGUAGE_CODES.length]));
    rss.push(rssMb());
    return us;
  });
  const [first, after] = [rss[0], rss[rss.length - 1]];
  const ratio = ours.median / base.median;
  recordSection({
    id: 'format',
    title: 'Date formatters (target 5: cache per language and style)',
    command: 'npm run bench -- format',
    method: `${N.toLocaleString('en-US')} calls a run, 5 runs, median; ours cycles through the 8 languages.`,
    rows: [
      {
        what: '`formatDateTime`, µs a call',
        floor: `one reused \`Intl.DateTimeFormat\`: ${fmt(base.median)} µs`,
        result: `${fmt(ours.median)} µs`,
        ratio,
        target: 'same order as the floor (≤ 3×; it was 79× before the cache)',
        met: ratio <= 3,
      },
      {
        what: `RSS after run 5 against after run 1 (${N.toLocaleString('en-US')} calls a run)`,
        floor: `after run 1: ${fmt(first, 0)} MB (${fmt(before, 0)} MB at start)`,
        result: `${fmt(after, 0)} MB`,
        ratio: after / first,
        target: 'within 10 % (1,513 MB after 100,000 calls before the cache)',
        met: after / first <= 1.1,
      },
    ],
  });
}

void main();
