/**
 * Per-request CPU of the portal's pipeline, against the floor (not one of the `*.bench` files: a tool
 * for working on the pipeline). Throughput on a shared 2-core machine moves with whatever else runs;
 * the CPU time a process spends per answered request moves much less. For each page: one autocannon run
 * (50 connections), the portal's CPU (user + system, from /proc) divided by the requests answered, and
 * the same for the floor page of that size; the ratio floor ÷ ours is what throughput would be on an
 * otherwise idle machine, PostgreSQL aside.
 * Run: node dist/bench/pipeline-cpu.js (PIPELINE_CPU_PROF=<dir> also writes a CPU profile of the portal;
 * PIPELINE_SECONDS, default 5).
 */
import { readFileSync } from 'node:fs';
import bcrypt from 'bcrypt';
import autocannon from 'autocannon';
import { DataSource } from 'typeorm';
import { freePort, withBenchDatabase } from './bench-db';
import { bodyBytes, formLogin, RunningApp, startApp, startFloorApp } from './http';

const PASSWORD = 'bench-password-1';
const N = 2_000;
const SECONDS = Number(process.env.PIPELINE_SECONDS ?? 5);
const PROXIED = { 'x-forwarded-proto': 'https' };

async function seed(ds: DataSource): Promise<void> {
  const hash = await bcrypt.hash(PASSWORD, 4);
  const [{ id }] = await ds.query<{ id: string }[]>(
    `INSERT INTO app_user (login_id, email, category, name_en, password_hash, password_changed_at, created_at, updated_at)
     VALUES ('BENCHLARGE01', 'large@bench.test', 'institution_staff', 'BENCH TARO', $1, now(), now(), now()) RETURNING id`,
    [hash],
  );
  await ds.query(
    `INSERT INTO coe (number, verification_code, recipient_id, holder_name_en, nationality, date_of_birth, gender,
       status_of_residence, issuing_office, issued_at, valid_until, issued_by, created_at, first_mailed_at,
       received_at, recipient_seq)
     SELECT 'L-' || lpad(g::text, 8, '0'), md5('L' || g) || md5(g::text), $1, 'APPLICANT TARO', 'VNM',
       '2000-01-01', 'male', 'student', 'X', now() - g * interval '1 minute', now() + interval '3 months', 'bench',
       now(), now() - g * interval '1 minute', CASE WHEN g % 3 = 0 THEN now() END, $2 - g + 1
     FROM generate_series(1, $2) g`,
    [id, N],
  );
  await ds.query(`INSERT INTO coe_recipient (recipient_id, certificates) VALUES ($1, $2)`, [id, N]);
  await ds.query('ANALYZE');
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function cpuPerRequest(app: RunningApp, url: string, sessions: string[] = []) {
  let next = 0;
  const before = cpuSeconds(app.pid);
  const r = await autocannon({
    url,
    connections: 50,
    duration: SECONDS,
    headers: PROXIED,
    requests: [
      {
        setupRequest: (req: { headers: Record<string, string> }, context: { cookie?: string }) => {
          if (!sessions.length) return req;
          context.cookie ??= sessions[next++ % sessions.length];
          return { ...req, headers: { ...req.headers, cookie: context.cookie } };
        },
      },
    ],
  });
  const cpu = cpuSeconds(app.pid) - before;
  if (r.non2xx || r.errors) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { us: (cpu / r.requests.total) * 1e6, rps: r.requests.average };
}

async function main(): Promise<void> {
  await withBenchDatabase(async (ds) => {
    await seed(ds);
    const dbUrl = (ds.options as { url: string }).url;
    const dir = process.env.PIPELINE_CPU_PROF;
    const portal = await startApp(
      'portal',
      await freePort(),
      dbUrl,
      { TRUST_PROXY: 'true', LOGIN_ATTEMPTS_PER_ADDRESS: '1000' },
      dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [],
    );
    const floor = await startFloorApp();
    try {
      const sessions: string[] = [];
      for (let i = 0; i < 50; i++)
        sessions.push(
          await formLogin(portal.url, { userId: 'BENCHLARGE01', password: PASSWORD }, { headers: PROXIED }),
        );
      const only = process.env.PIPELINE_PAGES?.split(',');
      for (const [what, path, loggedIn] of [
        ['/', '/', false],
        ['/login', '/login', false],
        ['/ logged in', '/', true],
        ['ledger page 1', '/receipts', true],
      ] as const) {
        if (only && !only.includes(what)) continue;
        const headers = loggedIn ? { ...PROXIED, cookie: sessions[0] } : PROXIED;
        const bytes = await bodyBytes(`${portal.url}${path}`, headers);
        const ours = await cpuPerRequest(portal, `${portal.url}${path}`, loggedIn ? sessions : []);
        const base = await cpuPerRequest(floor, `${floor.url}/page?bytes=${bytes}`);
        console.log(
          `${what} (${(bytes / 1024).toFixed(1)} kB): ${ours.us.toFixed(0)} µs CPU/request (${ours.rps.toFixed(0)} req/s)` +
            ` against the floor's ${base.us.toFixed(0)} µs (${base.rps.toFixed(0)} req/s): ${(base.us / ours.us).toFixed(2)}×`,
        );
      }
    } finally {
      await portal.stop();
      await floor.stop();
    }
  });
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
