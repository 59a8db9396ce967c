/**
 * Date formatting as templates do it (one call per date on a page), against a floor of one reused
 * Intl.DateTimeFormat, in the same run; and the process RSS before and after.
 * Run: npm run bench (or node dist/bench/format.bench.js once dist/ is built)
 */
import { performance } from 'node:perf_hooks';
import { formatDateTime, LANGUAGE_CODES } from '@app/platform';

const N = 50_000;
const dates = Array.from({ length: 1000 }, (_, i) => new Date(1_750_000_000_000 + i * 3_600_000));

function perCall(f: (d: Date, i: number) => string): number {
  for (let i = 0; i < 1000; i++) f(dates[i % dates.length], i); // warm up
  const t0 = performance.now();
  for (let i = 0; i < N; i++) f(dates[i % dates.length], i);
  return ((performance.now() - t0) * 1000) / N;
}

const floor = new Intl.DateTimeFormat('ja', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'long', day: 'numeric' });
const rss = () => `${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`;
const before = rss();
const base = perCall((d) => floor.format(d));
const ours = perCall((d, i) => formatDateTime(d, LANGUAGE_CODES[i % LANGUAGE_CODES.length]));
console.log(`floor (one reused Intl.DateTimeFormat): ${base.toFixed(2)} µs a call`);
console.log(`formatDateTime over 8 languages: ${ours.toFixed(2)} µs a call, ${(ours / base).toFixed(2)}x floor`);
console.log(`RSS ${before} before, ${rss()} after ${2 * N} calls`);
