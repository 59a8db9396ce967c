/**
 * One shape for every benchmark's result, so `npm run bench` (bench/run-all.ts) can write
 * docs/benchmarks.md from them: each *.bench.ts calls `recordSection` once at the end.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface BenchRow {
  /** What was measured, e.g. "ledger page 1, 100,000 certificates". */
  what: string;
  /** The floor it is compared with and its median, e.g. "bare Express + Handlebars: 2,010 req/s". */
  floor: string;
  /** Our median, with its unit, e.g. "1,310 req/s, p99 41 ms, 0 non-2xx". */
  result: string;
  /** result ÷ floor in the direction of the target (≥ 1 better for throughput: say which in `target`). */
  ratio: number | null;
  /** The issue's target, e.g. "≥ 0.5×" or "≤ 2×" or "within 10 %". */
  target: string;
  /** Whether this run met it; null when there is no target. */
  met: boolean | null;
}

export interface BenchSection {
  /** File name stem, e.g. "reminder-sweep". */
  id: string;
  title: string;
  /** How to reproduce this section alone, e.g. "node dist/bench/reminder-sweep.bench.js". */
  command: string;
  /** Seeding and method in a sentence or two (what is seeded, how many runs, which median). */
  method: string;
  rows: BenchRow[];
  /** Extra lines: reasons a target is not met, what would meet it, before/after of a change. */
  notes?: string[];
}

export const RESULTS_DIR = join(__dirname, '..', '..', '.data', 'bench-results');

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs `fn` `runs` times (≥ 3) and returns every value and their median. */
export async function medianOf(
  runs: number,
  fn: () => Promise<number> | number,
): Promise<{ values: number[]; median: number }> {
  const values: number[] = [];
  for (let i = 0; i < Math.max(3, runs); i++) values.push(await fn());
  return { values, median: median(values) };
}

/** The mean milliseconds of `run` over `rounds` calls after `warm` unmeasured ones, median of 3 runs. */
export async function meanMs(run: () => Promise<unknown>, rounds: number, warm = 3): Promise<number> {
  for (let i = 0; i < warm; i++) await run();
  const { median } = await medianOf(3, async () => {
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) await run();
    return (performance.now() - t0) / rounds;
  });
  return median;
}

export const fmt = (n: number, digits = 2): string =>
  n.toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: n >= 100 ? 0 : Math.min(digits, 2),
  });

export function markdownTable(section: BenchSection): string {
  const head = '| what | floor (same run) | result (median) | ratio | target | met |\n|---|---|---|---|---|---|';
  const rows = section.rows.map(
    (r) =>
      `| ${r.what} | ${r.floor} | ${r.result} | ${r.ratio == null ? '—' : `${fmt(r.ratio)}×`} | ${r.target} | ${
        r.met == null ? '—' : r.met ? 'yes' : '**no**'
      } |`,
  );
  return [head, ...rows].join('\n');
}

/** Prints the section and stores it for bench/run-all.ts. */
export function recordSection(section: BenchSection): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${section.id}.json`), JSON.stringify(section, null, 2));
  console.log(`\n## ${section.title}\n\n${markdownTable(section)}\n${(section.notes ?? []).join('\n')}`);
}

/** One line of the "Targets at a glance" table for a row that has a target. */
export const glanceLine = (s: BenchSection, r: BenchRow): string =>
  `| ${s.title} | ${r.what} | ${r.ratio == null ? '—' : `${r.ratio.toFixed(2)}×`} | ${r.target} | ${r.met ? 'yes' : '**no**'} |`;

/** A section as docs/benchmarks.md shows it. */
export const sectionText = (s: BenchSection, note = ''): string =>
  [
    `## ${s.title}`,
    '',
    `Reproduce: \`${s.command}\`. ${s.method}${note}`,
    '',
    markdownTable(s),
    '',
    ...(s.notes?.length ? [...s.notes, ''] : []),
  ].join('\n');

/**
 * docs/benchmarks.md after a partial run (`npm run bench -- NAME`): each section run replaces its own (or
 * is added before the history) and its rows in "Targets at a glance"; the other sections keep the whole
 * run's figures. `note` says when and at which commit the section was measured.
 */
export function mergeSections(doc: string, sections: BenchSection[], note: string): string {
  const historyAt = doc.indexOf('\n# History');
  let body = historyAt >= 0 ? doc.slice(0, historyAt + 1) : doc;
  const history = historyAt >= 0 ? doc.slice(historyAt + 1) : '';
  for (const s of sections) {
    const heading = `## ${s.title}\n`;
    const text = sectionText(s, note) + '\n';
    const at = body.indexOf(heading);
    if (at >= 0) {
      const next = body.indexOf('\n## ', at + heading.length);
      body = body.slice(0, at) + text + (next >= 0 ? body.slice(next + 1) : '');
    } else body = body.replace(/\n*$/, '\n\n') + text;
    const lines = body.split('\n').filter((l) => !l.startsWith(`| ${s.title} | `));
    const glanceEnd = lines.findIndex((l, i) => i > 0 && lines[i - 1].startsWith('|') && !l.startsWith('|'));
    const rows = s.rows.filter((r) => r.met !== null).map((r) => glanceLine(s, r));
    if (glanceEnd >= 0) lines.splice(glanceEnd, 0, ...rows);
    body = lines.join('\n');
  }
  return body + history;
}
