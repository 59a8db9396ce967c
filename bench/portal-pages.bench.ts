/**
 * Portal pages in production mode (targets 4 and 5): `/`, `/login`, 手続き検索 (a search and a procedure
 * page), the receipt ledger's first, middle and last page and the mailed `?coe=` link (newest and oldest)
 * of a user with 100,000 certificates, 申請状況確認 (`/applications` of the same user, institution staff with
 * 60 applications, and filtered by applicant) and one application's page, each against the bare Express + Handlebars floor rendering a page of
 * the same size, in the same run; then the portal's RSS over five 10-second runs of the mixed pages.
 * Run: npm run bench -- portal-pages (or node dist/bench/portal-pages.bench.js once dist/ is built)
 */
import bcrypt from 'bcrypt';
import { DataSource } from 'typeorm';
import { freePort, withBenchDatabase } from './bench-db';
import { bodyBytes, cannon, CannonResult, formLogin, RunningApp, startApp, startFloorApp } from './http';
import { BenchRow, fmt, median, recordSection } from './report';
import { insertApplications, withHistory } from './seed-applications';

const N = 100_000;
/** 申請状況確認: three pages of 20 (the default size), so the first is full. */
const APPLICATIONS = 60;
const PASSWORD = 'bench-password-1';
const RSS_RUNS = 5;
const SESSIONS = 50;
const RSS_SECONDS = Number(process.env.BENCH_RSS_SECONDS ?? 10);

/**
 * One user with N certificates (number L-1 the newest … L-N the oldest, a minute apart) and a few others;
 * the first has also filed APPLICATIONS applications, one of them with a history and documents (its number
 * is returned).
 */
async function seed(ds: DataSource): Promise<string> {
  const hash = await bcrypt.hash(PASSWORD, 4);
  const ids: string[] = [];
  for (const [login, n] of [
    ['BENCHLARGE01', N],
    ['BENCHSMALL01', 5],
    ['BENCHSMALL02', 5],
    ['BENCHSMALL03', 5],
  ] as const) {
    const [{ id }] = await ds.query<{ id: string }[]>(
      `INSERT INTO app_user (login_id, email, category, name_en, password_hash, password_changed_at, created_at, updated_at)
       VALUES ($1, $2, 'institution_staff', 'BENCH TARO', $3, now(), now(), now()) RETURNING id`,
      [login, `${login.toLowerCase()}@bench.test`, hash],
    );
    ids.push(id);
    // recipient_seq: 1 is the oldest, as issuance numbers them (the ledger lists newest first).
    await ds.query(
      `INSERT INTO coe (number, verification_code, recipient_id, holder_name_en, nationality, date_of_birth, gender,
         status_of_residence, issuing_office, issued_at, valid_until, issued_by, created_at, first_mailed_at,
         received_at, recipient_seq)
       SELECT $3 || '-' || lpad(g::text, 8, '0'), md5($3 || g) || md5(g::text), $1, 'APPLICANT TARO', 'VNM',
         '2000-01-01', 'male', 'student', 'X', now() - g * interval '1 minute', now() + interval '3 months', 'bench',
         now(), now() - g * interval '1 minute', CASE WHEN g % 3 = 0 THEN now() END, $2 - g + 1
       FROM generate_series(1, $2) g`,
      [id, n, login],
    );
    await ds.query(`INSERT INTO coe_recipient (recipient_id, certificates) VALUES ($1, $2)`, [id, n]);
  }
  await insertApplications(ds, { n: APPLICATIONS, filers: [ids[0]], category: 'institution_staff', officers: [] });
  const number = await withHistory(ds, APPLICATIONS / 2);
  await ds.query('ANALYZE');
  return number;
}

/** As behind the TLS proxy of a real deployment: production session cookies are Secure. */
const PROXIED = { 'x-forwarded-proto': 'https' };

const show = (r: CannonResult) => `${fmt(r.rps, 0)} req/s, p99 ${fmt(r.p99Ms, 0)} ms, ${r.non2xx + r.errors} non-2xx`;

/** The run whose req/s is the median of the runs. */
function medianRun(rs: CannonResult[]): CannonResult {
  const m = median(rs.map((r) => r.rps));
  return rs.reduce((a, b) => (Math.abs(b.rps - m) < Math.abs(a.rps - m) ? b : a));
}

const runs = async (url: string, headers: Record<string, string> = {}, sessions?: string[]): Promise<CannonResult> => {
  const rs: CannonResult[] = [];
  for (let i = 0; i < 3; i++) rs.push(await cannon(url, { headers, sessions }));
  return medianRun(rs);
};

/**
 * The floor for a page of `bytes`: pages within the same 4 kB share one (the ledger's five pages differ
 * by a few hundred bytes), which keeps the whole file within its time budget.
 */
function floorFor(floor: RunningApp): (bytes: number) => Promise<CannonResult> {
  const measured = new Map<number, Promise<CannonResult>>();
  return (bytes) => {
    const bucket = Math.round(bytes / 4096);
    if (!measured.has(bucket)) measured.set(bucket, runs(`${floor.url}/page?bytes=${bytes}`));
    return measured.get(bucket)!;
  };
}

async function main(): Promise<void> {
  await withBenchDatabase(async (ds) => {
    const application = await seed(ds);
    const dbUrl = (ds.options as { url: string }).url;
    // BENCH_CPU_PROF=<dir>: a CPU profile of the portal under this load, written when it stops.
    const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    const portal = await startApp(
      'portal',
      await freePort(),
      dbUrl,
      { TRUST_PROXY: 'true', LOGIN_ATTEMPTS_PER_ADDRESS: '1000' },
      profile,
    );
    const floor = await startFloorApp();
    try {
      const login = { userId: 'BENCHLARGE01', password: PASSWORD };
      // One session per connection, as 50 browsers of the user would have.
      const sessions: string[] = [];
      for (let i = 0; i < SESSIONS; i++) sessions.push(await formLogin(portal.url, login, { headers: PROXIED }));
      for (const path of ['/receipts', '/applications', `/applications/${application}`]) {
        const check = await fetch(`${portal.url}${path}`, {
          headers: { ...PROXIED, cookie: sessions[0] },
          redirect: 'manual',
        });
        if (check.status !== 200) throw new Error(`${path} as the bench user answered ${check.status}`);
      }
      const pages = N / 20;
      const cases: [string, string, boolean][] = [
        ['`/` (home)', '/', false],
        ['`/login`', '/login', false],
        ['`/procedures?q=` (手続き検索)', `/procedures?q=${encodeURIComponent('在留 更新')}`, false],
        ['`/procedures/extension`', '/procedures/extension', false],
        ['ledger page 1', '/receipts', true],
        [`ledger middle page (${pages / 2})`, `/receipts?page=${pages / 2}`, true],
        [`ledger last page (${pages})`, `/receipts?page=${pages}`, true],
        ['`?coe=` newest', '/receipts?coe=L-00000001', true],
        ['`?coe=` oldest', `/receipts?coe=L-${String(N).padStart(8, '0')}`, true],
        [`申請状況確認 \`/applications\` (${APPLICATIONS} applications, page 1)`, '/applications', true],
        ['申請状況確認 by applicant (`?applicant=TRAN`, 10)', '/applications?applicant=TRAN', true],
        ['`/applications/:number` (6 history lines, 5 documents)', `/applications/${application}`, true],
      ];
      const rows: BenchRow[] = [];
      const rps: Record<string, number> = {};
      const floorOf = floorFor(floor);
      for (const [what, path, loggedIn] of cases) {
        const bytes = await bodyBytes(`${portal.url}${path}`, loggedIn ? { ...PROXIED, cookie: sessions[0] } : PROXIED);
        const ours = await runs(`${portal.url}${path}`, PROXIED, loggedIn ? sessions : undefined);
        const base = await floorOf(bytes);
        rps[path] = ours.rps;
        const ratio = ours.rps / base.rps;
        rows.push({
          what: `${what}, ${fmt(bytes / 1024, 1)} kB`,
          floor: `bare Express + Handlebars, same size: ${show(base)}`,
          result: show(ours),
          ratio,
          target: '≥ 0.5×',
          met: ratio >= 0.5 && ours.non2xx + ours.errors === 0,
        });
        console.log(`${what}: ${show(ours)} against ${show(base)}`);
      }
      const newest = rps['/receipts?coe=L-00000001'];
      const oldest = rps[`/receipts?coe=L-${String(N).padStart(8, '0')}`];
      rows.push({
        what: '`?coe=` oldest against newest, req/s',
        floor: `newest: ${fmt(newest, 0)} req/s`,
        result: `oldest: ${fmt(oldest, 0)} req/s`,
        ratio: oldest / newest,
        target: 'within 10 %',
        met: Math.abs(oldest / newest - 1) <= 0.1,
      });

      // Target 5: the same pages mixed, five runs; RSS after each.
      const mix = cases.map(([, path, loggedIn]) => ({ path, anonymous: !loggedIn }));
      const rss: number[] = [];
      const mixed: CannonResult[] = [];
      const floorRss = floor.rssMb();
      const before = portal.rssMb();
      for (let run = 0; run < RSS_RUNS; run++) {
        mixed.push(await cannon(portal.url, { requests: mix, sessions, headers: PROXIED, seconds: RSS_SECONDS }));
        rss.push(portal.rssMb());
        console.log(`mixed run ${run + 1}: ${show(mixed[run])}, RSS ${fmt(rss[run], 0)} MB`);
      }
      const growth = rss[RSS_RUNS - 1] / rss[0];
      const peak = Math.max(...rss);
      rows.push(
        {
          what: `portal RSS, after mixed run 5 against run 1 (${RSS_RUNS} × ${RSS_SECONDS} s)`,
          floor: `after run 1: ${fmt(rss[0], 0)} MB (${fmt(before, 0)} MB before any load)`,
          result: `${rss.map((m) => fmt(m, 0)).join(' → ')} MB`,
          ratio: growth,
          target: 'within 10 %',
          met: growth <= 1.1,
        },
        {
          what: 'portal RSS, highest after a mixed run',
          floor: `bare Express + Handlebars after its runs: ${fmt(floorRss, 0)} MB`,
          result: `${fmt(peak, 0)} MB; mixed runs ${mixed.map((r) => fmt(r.rps, 0)).join(', ')} req/s`,
          ratio: null,
          target: '< 250 MB',
          met: peak < 250 && mixed.every((r) => r.non2xx + r.errors === 0),
        },
      );
      recordSection({
        id: 'portal-pages',
        title: 'Portal pages and memory (targets 4 and 5, portal)',
        command: 'npm run bench -- portal-pages',
        method:
          `Seeded in SQL (generate_series): one user with ${N.toLocaleString('en-US')} certificates and ${APPLICATIONS} ` +
          'applications (bench/seed-applications.ts; the one shown with 6 history lines and 5 documents), three with 5 certificates. ' +
          `The portal runs from dist/ in production mode; logged-in pages use ${SESSIONS} sessions made through the login ` +
          'form, taken in turn. Each page: three autocannon runs (50 connections, BENCH_SECONDS, default 3 s), the median run; ' +
          'the floor likewise, rendering a page of the same size (pages within 4 kB of each other share a floor). ' +
          'RSS from /proc after each of five mixed runs of all the pages.',
        rows,
      });
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
