/**
 * Load across instances (issue 11, target 9): one embedded PostgreSQL, two portal processes and three
 * workers (the built dist apps, production mode, own ports), a fast SMTP sink that counts messages per
 * recipient, and 200 clients (client-side round robin over the portals) logging in, browsing the
 * receipt ledger and registering receipts while a 10,000-reminder sweep and its dispatch run.
 * Checks: no 5xx; the database's registrations equal the clients' count of successful ones; every
 * reminder the outbox marks sent reached the sink exactly once, and none twice.
 * Run: node dist/bench/load.bench.js (LOAD_SECONDS, LOAD_CLIENTS, LOAD_REMINDERS to change the run)
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcrypt';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { APP_NODE_FLAGS } from '@app/platform';
import { withBenchDatabase } from './bench-db';
import { freePort, stop, untilOk } from './bench-processes';
import { fmt, recordSection } from './report';

const ROOT = join(__dirname, '..', '..');
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 200);
const REMINDERS = Number(process.env.LOAD_REMINDERS ?? 10_000);
const CERTS_PER_CLIENT = 50;

const PASSWORD = 'load-bench-password-1';
// Logins are part of the load, not its subject: bcrypt at cost 12 would make the run a bcrypt benchmark
// (bench/format's login row measures that against bcrypt.compare itself).
const BCRYPT_COST = 4;

/** Certificate numbers from a sequence, in the number alphabet (digits → letters it allows). */
const numberSql = (year: string, seq: string) =>
  `'E${year}-' || translate(lpad((${seq})::text, 8, '0'), '0123456789', 'ABCDEFGHJK')`;

async function seed(ds: DataSource): Promise<void> {
  const hash = bcrypt.hashSync(PASSWORD, BCRYPT_COST);
  await ds.query(
    `INSERT INTO app_user (login_id, email, category, name_en, password_hash, password_changed_at, created_at, updated_at)
     SELECT 'LOAD' || g, 'load' || g || '@load.test', 'institution_staff', 'LOAD', $1, now(), now(), now()
     FROM generate_series(1, $2) g`,
    [hash, CLIENTS],
  );
  // The people the reminders go to: one due certificate each, so a reminder twice shows as a count of 2.
  await ds.query(
    `INSERT INTO app_user (login_id, email, category, name_en, password_hash, password_changed_at, created_at, updated_at)
     SELECT 'REMIND' || g, 'remind' || g || '@load.test', 'institution_staff', 'REMIND', $1, now(), now(), now()
     FROM generate_series(1, $2) g`,
    [hash, REMINDERS],
  );
  const pdf = randomBytes(42_000);
  const [{ sha }] = await ds.query<{ sha: string }[]>(
    `INSERT INTO coe_document (sha256, bytes, size, created_at) VALUES (encode(sha256($1), 'hex'), $1, $2, now())
     RETURNING sha256 AS sha`,
    [pdf, pdf.length],
  );
  const columns = `number, verification_code, recipient_id, holder_name_en, nationality, date_of_birth, gender,
    status_of_residence, issuing_office, issued_at, valid_until, issued_by, first_mailed_at, next_reminder_at,
    document_sha256, created_at, recipient_seq`;
  // The clients' certificates: mailed yesterday, awaiting receipt, no reminder due during the run.
  await ds.query(
    `INSERT INTO coe (${columns})
     SELECT ${numberSql('2026', 'g')}, md5('c' || g) || md5(g::text), u.id, 'LOAD HOLDER', 'VNM', '2000-01-01', 'male',
       'student', 'Tokyo', now() - interval '1 day' - g * interval '1 second', now() + interval '3 months', 'bench',
       now() - interval '1 day', now() + interval '6 days', $2, now(),
       -- oldest = 1 in each client's list: the larger g, the older
       row_number() OVER (PARTITION BY u.id ORDER BY g DESC)
     FROM generate_series(1, $1) g JOIN app_user u ON u.login_id = 'LOAD' || ((g - 1) / ${CERTS_PER_CLIENT} + 1)`,
    [CLIENTS * CERTS_PER_CLIENT, sha],
  );
  // The due certificates: first mailed 8 days ago, their first reminder a day overdue.
  await ds.query(
    `INSERT INTO coe (${columns})
     SELECT ${numberSql('2025', 'g')}, md5('r' || g) || md5(g::text), u.id, 'REMIND HOLDER', 'VNM', '2000-01-01',
       'female', 'student', 'Tokyo', now() - interval '9 days', now() + interval '3 months', 'bench',
       now() - interval '8 days', now() - interval '1 day', $2, now(), 1
     FROM generate_series(1, $1) g JOIN app_user u ON u.login_id = 'REMIND' || g`,
    [REMINDERS, sha],
  );
  await ds.query(
    `INSERT INTO coe_recipient (recipient_id, certificates) SELECT recipient_id, count(*) FROM coe GROUP BY 1`,
  );
  await ds.query('ANALYZE');
}

/** Accepts and discards every message, counting deliveries per recipient. */
function startSink(port: number): Promise<{ perRecipient: Map<string, number>; stop: () => Promise<void> }> {
  const perRecipient = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        for (const r of session.envelope.rcptTo) perRecipient.set(r.address, (perRecipient.get(r.address) ?? 0) + 1);
        done();
      });
    },
  });
  return new Promise((ok) =>
    server.listen(port, '127.0.0.1', () =>
      ok({ perRecipient, stop: () => new Promise<void>((r) => server.close(() => r())) }),
    ),
  );
}

interface Stats {
  latencies: number[];
  status: Map<number, number>;
  registered: number;
  logins: number;
  resent: number;
  errors: string[];
}

/** One client: its own cookies, `_csrf` read from each form, requests alternating over the portals. */
async function client(n: number, portals: string[], until: number, stats: Stats): Promise<void> {
  const jar = new Map<string, string>();
  let turn = n;
  const request = async (path: string, form?: Record<string, string>): Promise<{ status: number; text: string }> => {
    const base = portals[turn++ % portals.length];
    const t0 = performance.now();
    const send = () =>
      fetch(base + path, {
        method: form ? 'POST' : 'GET',
        redirect: 'manual',
        headers: {
          // As behind the TLS-terminating proxy production runs behind (secure cookies), one address a client.
          'x-forwarded-proto': 'https',
          'x-forwarded-for': `10.0.${n >> 8}.${n & 255}`,
          cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: form ? new URLSearchParams(form).toString() : undefined,
      });
    // A keep-alive socket the server closed just as it was reused ("other side closed"): not an answer
    // of the app, so sent again once, and counted.
    const res = await send().catch((e: { cause?: { code?: string } }) => {
      if (e.cause?.code !== 'UND_ERR_SOCKET') throw e;
      stats.resent++;
      return send();
    });
    const text = await res.text();
    stats.latencies.push(performance.now() - t0);
    stats.status.set(res.status, (stats.status.get(res.status) ?? 0) + 1);
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    if (res.status >= 500) stats.errors.push(`${res.status} ${form ? 'POST' : 'GET'} ${path}`);
    return { status: res.status, text };
  };
  const csrf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

  const form = await request('/login');
  const login = await request('/login', { _csrf: csrf(form.text), userId: `LOAD${n + 1}`, password: PASSWORD });
  if (login.status !== 302 && login.status !== 303) {
    stats.errors.push(
      `login of LOAD${n + 1} answered ${login.status} (${/<h1[^>]*>([^<]*)/.exec(login.text)?.[1] ?? ''})`,
    );
    return;
  }
  stats.logins++;
  const done = new Set<string>();
  while (performance.now() < until) {
    try {
      await registerOne();
    } catch (e) {
      stats.errors.push(`client ${n}: ${(e as Error).message}`);
    }
  }

  async function registerOne(): Promise<void> {
    const ledger = await request('/receipts');
    const next = [...ledger.text.matchAll(/\/receipts\/(E\d{4}-[0-9A-Z]{8})/g)]
      .map((m) => m[1])
      .find((x) => !done.has(x));
    if (!next || performance.now() >= until) return;
    const confirm = await request(`/receipts/${next}`);
    const posted = await request(`/receipts/${next}`, { _csrf: csrf(confirm.text) });
    done.add(next);
    if (posted.status === 200) stats.registered++;
  }
}

function spawnApp(name: string, env: NodeJS.ProcessEnv, children: ChildProcess[]): ChildProcess {
  const child = spawn(process.execPath, [...APP_NODE_FLAGS, join(ROOT, 'dist/apps', name, 'src/main.js')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const show = (c: Buffer) => process.stderr.write(`[${name}] ${c.toString()}`);
  child.stdout?.on('data', show);
  child.stderr?.on('data', show);
  children.push(child);
  return child;
}

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

async function main(): Promise<void> {
  await withBenchDatabase(async (ds) => {
    const t0 = performance.now();
    await seed(ds);
    const seeded = (performance.now() - t0) / 1000;
    const smtpPort = await freePort();
    const sink = await startSink(smtpPort);
    const databaseUrl = (ds.options as { url: string }).url;
    const base: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
      BCRYPT_COST: String(BCRYPT_COST),
      TRUST_PROXY: 'true',
      MAIL_POLL_INTERVAL_MS: '200',
      REMINDER_SWEEP_INTERVAL_MS: '5000',
    };
    const children: ChildProcess[] = [];
    try {
      const portals: string[] = [];
      const started: Promise<void>[] = [];
      for (let i = 0; i < 2; i++) {
        const port = await freePort();
        const child = spawnApp(
          'portal',
          { ...base, PORTAL_PORT: String(port), PORTAL_BASE_URL: `http://127.0.0.1:${port}` },
          children,
        );
        portals.push(`http://127.0.0.1:${port}`);
        started.push(untilOk(`http://127.0.0.1:${port}/healthz`, child, 60_000, 100));
      }
      const workers: ChildProcess[] = [];
      for (let i = 0; i < 3; i++) {
        const port = await freePort();
        const child = spawnApp(
          'worker',
          { ...base, WORKER_PORT: String(port), LOG_LEVEL: process.env.LOAD_WORKER_LOG ?? 'warn' },
          children,
        );
        workers.push(child);
        started.push(untilOk(`http://127.0.0.1:${port}/healthz`, child, 60_000, 100));
      }
      await Promise.all(started);

      const stats: Stats = { latencies: [], status: new Map(), registered: 0, logins: 0, resent: 0, errors: [] };
      const loadStart = performance.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, (_, n) =>
          client(n, portals, loadStart + SECONDS * 1000, stats).catch((e: Error) => {
            stats.errors.push(`client ${n}: ${e.message}`);
          }),
        ),
      );
      const loadSeconds = (performance.now() - loadStart) / 1000;
      const sentSql = `SELECT count(*)::int AS n FROM mail_outbox WHERE template = 'coe/reminder' AND status = 'sent'`;
      const [{ n: sentDuringLoad }] = await ds.query<{ n: number }[]>(sentSql);

      // Let the dispatch go on a little, then stop the workers (they finish what they hold) and count.
      const drainUntil = performance.now() + Number(process.env.LOAD_DRAIN_SECONDS ?? 20) * 1000;
      // Work left: certificates still due (a sweep batch commits as a whole) and reminders not yet sent.
      const leftSql = `SELECT (SELECT count(*) FROM coe WHERE next_reminder_at <= now() AND received_at IS NULL)::int
        + (SELECT count(*) FROM mail_outbox WHERE template = 'coe/reminder' AND status IN ('pending', 'sending'))::int AS n`;
      while (performance.now() < drainUntil) {
        const [{ n }] = await ds.query<{ n: number }[]>(leftSql);
        if (n === 0) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      // A worker stops after the mail batch it holds, but a sweep finishes its run of batches first.
      const killed = await Promise.all(workers.map((w) => stop(w, 15_000)));
      const workSeconds = (performance.now() - loadStart) / 1000;

      const [db] = await ds.query<{ received: number; swept: number }[]>(
        `SELECT count(*) FILTER (WHERE received_at IS NOT NULL)::int AS received,
                count(*) FILTER (WHERE reminders_sent > 0)::int AS swept FROM coe`,
      );
      const outbox = await ds.query<{ to_address: string; status: string; n: number }[]>(
        `SELECT to_address, status, count(*)::int AS n FROM mail_outbox WHERE template = 'coe/reminder' GROUP BY 1, 2`,
      );
      const sentByAddress = new Map<string, number>();
      const byStatus = new Map<string, number>();
      for (const r of outbox) {
        byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + r.n);
        if (r.status === 'sent') sentByAddress.set(r.to_address, r.n);
      }
      const reminderSink = [...sink.perRecipient].filter(([a]) => a.startsWith('remind'));
      const twice =
        reminderSink.filter(([, n]) => n > 1).length + [...sentByAddress.values()].filter((n) => n > 1).length;
      const mismatched =
        reminderSink.filter(([a, n]) => sentByAddress.get(a) !== n).length +
        [...sentByAddress].filter(([a, n]) => sink.perRecipient.get(a) !== n).length;
      const sent = byStatus.get('sent') ?? 0;
      const fiveXX = [...stats.status].filter(([s]) => s >= 500).reduce((a, [, n]) => a + n, 0);
      const requests = stats.latencies.length;
      const p99 = percentile(stats.latencies, 99);
      const rps = requests / loadSeconds;
      const statusList = [...stats.status]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}: ${fmt(n, 0)}`)
        .join(', ');
      const lostOrDoubled = Math.abs(db.received - stats.registered);
      console.log({
        seeded,
        loadSeconds,
        statusList,
        db,
        byStatus: Object.fromEntries(byStatus),
        errors: stats.errors.slice(0, 10),
      });

      recordSection({
        id: 'load',
        title: 'Load across instances',
        command: 'node dist/bench/load.bench.js',
        method: `One embedded PostgreSQL; two portal processes and three workers (dist, NODE_ENV=production); a counting SMTP sink (smtp-server). Seeded in SQL: ${fmt(CLIENTS, 0)} users with ${CERTS_PER_CLIENT} certificates each, ${fmt(REMINDERS, 0)} certificates with a reminder due (one per recipient), bcrypt cost ${BCRYPT_COST}. ${fmt(CLIENTS, 0)} clients, each alternating its requests over the two portals, log in (CSRF form first) and loop over the ledger → confirm → register for ${SECONDS} s (LOAD_SECONDS) while the workers sweep and dispatch; then up to ${process.env.LOAD_DRAIN_SECONDS ?? 20} s of further dispatch, the workers stopped, and the database, outbox and sink compared. One run (a correctness run: its figures are what it saw).`,
        rows: [
          {
            what: `HTTP, ${fmt(CLIENTS, 0)} clients over 2 portals, ${fmt(loadSeconds, 0)} s`,
            floor: '—',
            result: `${fmt(rps, 0)} req/s, p99 ${fmt(p99, 0)} ms, ${fmt(requests, 0)} requests (${statusList}), ${fmt(stats.logins, 0)} logins`,
            ratio: null,
            target: 'zero 5xx',
            met: fiveXX === 0 && stats.errors.length === 0,
          },
          {
            what: 'receipt registrations: database vs the clients’ count',
            floor: '—',
            result: `${fmt(stats.registered, 0)} registered by clients, ${fmt(db.received, 0)} in the database`,
            ratio: null,
            target: 'equal',
            met: lostOrDoubled === 0,
          },
          {
            what: `reminders: sink per recipient vs outbox sent rows`,
            floor: '—',
            result: `${fmt(db.swept, 0)} of ${fmt(REMINDERS, 0)} swept, ${fmt(sent, 0)} sent (${[...byStatus].map(([s, n]) => `${s} ${fmt(n, 0)}`).join(', ')}); ${mismatched} mismatched, ${twice} twice`,
            ratio: null,
            target: 'zero mismatched, zero twice',
            met: mismatched === 0 && twice === 0,
          },
        ],
        notes: [
          `- Reminders sent: ${fmt(sentDuringLoad, 0)} during the ${fmt(loadSeconds, 0)} s of load, ${fmt(sent, 0)} by the workers' stop ${fmt(workSeconds, 0)} s after the load began (${fmt(sent / workSeconds, 1)} mails/s with three workers).`,
          `- Workers stopped with SIGTERM; ${killed.filter(Boolean).length} of 3 still in a sweep after 15 s and killed (a sweep batch rolls back; the fault tests cover it). Requests sent again after a keep-alive race: ${stats.resent}.`,
          `- Machine load average during the run: ${loadavg()
            .map((x) => x.toFixed(1))
            .join(
              ' / ',
            )} (1 / 5 / 15 min; other work shares the 2 cores). A 403 on a login whose form page answered 200 is a session that PostgreSQL did not store in time: express-session sends the page and reports the failed save after it (pool wait over DATABASE_CONNECT_TIMEOUT_MS).`,
          `- Seeding took ${fmt(seeded, 1)} s. 5xx: ${fiveXX}. First errors: ${stats.errors.slice(0, 3).join('; ') || 'none'}.`,
        ],
      });
    } finally {
      await Promise.all(children.map((c) => stop(c)));
      await sink.stop();
    }
  });
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
