/**
 * `npm run bench`: runs every dist/bench/*.bench.js one after another (each seeds its own embedded
 * PostgreSQL), then writes docs/benchmarks.md from the sections they recorded (bench/report.ts) and
 * the hand-kept history of before/after figures (bench/history.md).
 * Run one alone: node dist/bench/<name>.bench.js (after `npm run bench:build`).
 */
import { spawnSync } from 'node:child_process';
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { BenchSection, glanceLine, mergeSections, RESULTS_DIR, sectionText } from './report';

const root = join(__dirname, '..', '..');
const only = process.argv.slice(2);
const files = readdirSync(__dirname)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

/** A benchmark that died before its cleanup leaves its embedded PostgreSQL running: stop and remove it. */
function stopLeftoverDatabases(): void {
  const dir = join(root, 'dist', '.data', 'bench');
  if (!existsSync(dir)) return;
  for (const d of readdirSync(dir)) {
    const pidFile = join(dir, d, 'postmaster.pid');
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      try {
        process.kill(pid, 'SIGQUIT'); // immediate shutdown: the data is thrown away anyway
        spawnSync('sleep', ['1']);
      } catch {
        /* already gone */
      }
    }
    rmSync(join(dir, d), { recursive: true, force: true });
  }
}

rmSync(RESULTS_DIR, { recursive: true, force: true });
const started = process.hrtime.bigint();
const durations: Record<string, number> = {};
const failed: string[] = [];
for (const f of files) {
  const t0 = process.hrtime.bigint();
  console.log(`\n=== ${f}`);
  const r = spawnSync(process.execPath, ['--expose-gc', join(__dirname, f)], { stdio: 'inherit', cwd: root });
  durations[f] = Number(process.hrtime.bigint() - t0) / 1e9;
  stopLeftoverDatabases();
  if (r.status !== 0) failed.push(f);
}
const total = Number(process.hrtime.bigint() - started) / 1e9;

const sections: BenchSection[] = existsSync(RESULTS_DIR)
  ? readdirSync(RESULTS_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => JSON.parse(readFileSync(join(RESULTS_DIR, f), 'utf8')) as BenchSection)
  : [];

const git = (args: string) => {
  try {
    return execSync(`git ${args}`, { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};
const whole = only.length === 0;
const summary = sections.flatMap((s) => s.rows.filter((r) => r.met !== null).map((r) => ({ s, r })));
const doc = [
  '# Benchmarks',
  '',
  'Written by `npm run bench` (bench/run-all.ts); do not edit by hand — the history at the end comes from',
  '`bench/history.md`. Every figure is a median of at least 3 runs and is compared with a floor measured',
  'in the same run, because the machines are shared and noisy. No test asserts a time.',
  '',
  `- Run: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}, commit ${git('rev-parse --short HEAD')}${
    git('status --porcelain') ? ' (with local changes)' : ''
  }`,
  `- Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  `- Command: \`npm run bench\`${whole ? '' : ` (only: ${only.join(', ')})`}; whole run ${(total / 60).toFixed(1)} min (${files
    .map((f) => `${f.replace('.bench.js', '')} ${durations[f].toFixed(0)} s`)
    .join(', ')})`,
  failed.length ? `- **Failed**: ${failed.join(', ')}` : '- Every benchmark ran to the end.',
  '',
  '## Targets at a glance',
  '',
  '| section | what | ratio | target | met |',
  '|---|---|---|---|---|',
  ...summary.map(({ s, r }) => glanceLine(s, r)),
  '',
  ...sections.map((s) => sectionText(s)),
  existsSync(join(root, 'bench', 'history.md')) ? readFileSync(join(root, 'bench', 'history.md'), 'utf8') : '',
].join('\n');

const docPath = join(root, 'docs', 'benchmarks.md');
if (whole) writeFileSync(docPath, doc);
else if (existsSync(docPath) && !failed.length) {
  const note = ` (Measured alone: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}, commit ${git('rev-parse --short HEAD')}, ${files
    .map((f) => `${durations[f].toFixed(0)} s`)
    .join(', ')}.)`;
  writeFileSync(docPath, mergeSections(readFileSync(docPath, 'utf8'), sections, note));
  console.log(`docs/benchmarks.md: ${sections.map((s) => s.title).join(', ')} updated`);
} else console.log(doc);
process.exit(failed.length ? 1 : 0);
