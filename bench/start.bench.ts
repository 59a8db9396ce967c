/**
 * Warm `npm start` (issue 11, target 8): the launcher on a data folder of its own (temporary, own
 * ports: never a developer's .data), started once cold, then 10,000 mails put in MailDev's store and
 * three warm starts timed to every /healthz answering 200. Floor in the same run: the embedded
 * PostgreSQL started on the same data folder plus a bare node http server, side by side.
 * Run: node dist/bench/start.bench.js
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, stopEmbeddedPostgres } from '@app/platform';
import { ownNpmStartEnv, stop, untilOk } from './bench-processes';
import { fmt, medianOf, recordSection } from './report';

const ROOT = join(__dirname, '..', '..');
const MAILS = Number(process.env.BENCH_START_MAILS ?? 10_000);

/** A development mail much like the app's (multipart text + HTML), as MailDev stores it: <id>.eml. */
function fillMailDev(dir: string, n: number): void {
  mkdirSync(dir, { recursive: true });
  const html = `<p>${'在留資格認定証明書の受領登録のお知らせです。'.repeat(20)}</p>`;
  for (let i = 0; i < n; i++) {
    const id = randomBytes(4).toString('hex');
    writeFileSync(
      join(dir, `${id}.eml`),
      [
        'From: Residence Online <no-reply@residence.test>',
        `To: user${i}@bench.test`,
        `Subject: Reminder ${i}`,
        `Message-ID: <${id}@bench.test>`,
        'MIME-Version: 1.0',
        'Content-Type: multipart/alternative; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        '',
        `Reminder ${i}: please register the receipt of your certificate.`,
        '--b',
        'Content-Type: text/html; charset=utf-8',
        '',
        html,
        '--b--',
        '',
      ].join('\r\n'),
    );
  }
}

async function main(): Promise<void> {
  const dataDir = join('.data', 'bench', `start-${process.pid}`);
  const abs = join(ROOT, dataDir);
  rmSync(abs, { recursive: true, force: true });
  const env = await ownNpmStartEnv(dataDir);
  const health = [
    `http://127.0.0.1:${env.PORTAL_PORT}/healthz`,
    `http://127.0.0.1:${env.OFFICE_PORT}/healthz`,
    `http://127.0.0.1:${env.WORKER_PORT}/healthz`,
    `http://127.0.0.1:${env.MAILDEV_WEB_PORT}/healthz`,
  ];
  const children: ChildProcess[] = [];
  const startOnce = async (): Promise<number> => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(ROOT, 'scripts/run.js'), 'cli', 'start'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await Promise.all(health.map((u) => untilOk(u, child)));
    } catch (e) {
      child.kill('SIGKILL');
      throw new Error(`${(e as Error).message}\n${out}`);
    }
    const s = (performance.now() - t0) / 1000;
    await stop(child);
    return s;
  };

  try {
    const cold = await startOnce();
    const mailDir = join(abs, 'maildev');
    fillMailDev(mailDir, MAILS);
    const stored = readdirSync(mailDir).filter((f) => f.endsWith('.eml')).length;
    const warm = await medianOf(3, startOnce);

    const floor = await medianOf(3, async () => {
      const t0 = performance.now();
      const port = Number(env.WORKER_PORT);
      const bare = spawn(
        process.execPath,
        ['-e', `require('http').createServer((q,s)=>s.end('ok')).listen(${port},'127.0.0.1')`],
        { stdio: 'ignore' },
      );
      children.push(bare);
      const [pg] = await Promise.all([
        startEmbeddedPostgres({ dataDir: join(abs, 'pg'), port: Number(env.EMBEDDED_PG_PORT) }),
        untilOk(`http://127.0.0.1:${port}/`, bare),
      ]);
      const s = (performance.now() - t0) / 1000;
      await pg.stop();
      await stop(bare);
      return s;
    });

    recordSection({
      id: 'start',
      title: 'Warm npm start',
      command: 'node dist/bench/start.bench.js',
      method: `A temporary data folder and ports; one cold start, then ${fmt(stored, 0)} mails written into MailDev's store (multipart text + HTML, ~2 kB each) and three warm \`npm start\` (scripts/run.js cli start, build step included) timed from spawn to portal, office, worker and MailDev /healthz all 200; median of 3. Floor: the embedded PostgreSQL started on the same data folder plus a bare node http server, in parallel, median of 3.`,
      rows: [
        {
          what: `warm npm start to all /healthz 200, ${fmt(stored, 0)} stored mails`,
          floor: `PostgreSQL start + bare node server: ${fmt(floor.median)} s`,
          result: `${fmt(warm.median)} s (runs ${warm.values.map((v) => fmt(v)).join(', ')} s; cold start ${fmt(cold)} s)`,
          ratio: warm.median / floor.median,
          target: '< 5 s',
          met: warm.median < 5,
        },
      ],
      notes: [
        `- Machine load average during the run: ${loadavg()
          .map((x) => x.toFixed(1))
          .join(' / ')} (1 / 5 / 15 min; other work shares the 2 cores).`,
      ],
    });
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await stopEmbeddedPostgres(join(abs, 'pg')).catch(() => undefined);
    rmSync(abs, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
