/**
 * Session-table writes (target 7): rows made by anonymous `GET /login`, and writes to the `session`
 * table per 100 logged-in page views, counted exactly by a row trigger on the bench database. The
 * floor is the least a server-side login needs: one row for the login, and no row for a visitor.
 * Run: npm run bench -- sessions (or node dist/bench/sessions.bench.js once dist/ is built)
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import bcrypt from 'bcrypt';
import { generateUserId } from '@app/accounts';
import { loadConfig } from '@app/platform';
import { configurePortal } from '../apps/portal/src/portal.app';
import { PortalModule } from '../apps/portal/src/portal.module';
import { withBenchDatabase } from './bench-db';
import { BENCH_SECRETS_ENCRYPTION_KEY } from './http';
import { fmt, medianOf, recordSection } from './report';

const ANONYMOUS_GETS = 1000;
const PAGE_VIEWS = 100;
const PASSWORD = 'Kawa$emi7Ritsu';

/** A cookie jar of one client: enough for a login and its page views. */
class Client {
  private readonly jar = new Map<string, string>();
  constructor(private readonly base: string) {}
  async go(method: string, path: string, form?: Record<string, string>): Promise<string> {
    // Production cookies are Secure: the bench speaks plain HTTP as if behind a TLS-terminating proxy.
    const headers: Record<string, string> = {
      accept: 'text/html',
      'sec-fetch-site': 'same-origin',
      'x-forwarded-proto': 'https',
    };
    if (this.jar.size) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(this.base + path, {
      method,
      headers,
      body: form && new URLSearchParams(form).toString(),
      redirect: 'manual',
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status}`);
    return res.text();
  }
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html.replaceAll('&#x3D;', '='))![1];

async function main(): Promise<void> {
  await withBenchDatabase(async (ds) => {
    await ds.query(`CREATE TABLE bench_session_writes (op text NOT NULL)`);
    await ds.query(`CREATE FUNCTION bench_count_session_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO bench_session_writes VALUES (TG_OP); RETURN NULL; END $$`);
    await ds.query(`CREATE TRIGGER bench_session_writes AFTER INSERT OR UPDATE OR DELETE ON session
      FOR EACH ROW EXECUTE FUNCTION bench_count_session_write()`);
    const loginId = generateUserId();
    await ds.query(
      `INSERT INTO app_user (login_id, email, category, name_en, password_hash, password_changed_at, created_at, updated_at)
       VALUES ($1, 'sessions@bench.test', 'institution_staff', 'BENCH', $2, now(), now(), now())`,
      [loginId, await bcrypt.hash(PASSWORD, 4)],
    );
    const url = (ds.options as { url: string }).url;
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: url,
      SESSION_SECRET: 'bench-session-secret-of-at-least-32-characters',
      SECRETS_ENCRYPTION_KEY: BENCH_SECRETS_ENCRYPTION_KEY,
      SMTP_URL: 'smtp://127.0.0.1:9', // the portal only queues mail; nothing is sent in this bench
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'error',
      BCRYPT_COST: '4',
    });
    const app = await NestFactory.create<NestExpressApplication>(PortalModule.register(config), {
      bodyParser: false,
      logger: ['error'],
    });
    configurePortal(app);
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const count = async (sql: string) => Number((await ds.query<{ n: string }[]>(sql))[0].n);
    const writes = () => count(`SELECT count(*) AS n FROM bench_session_writes`);
    try {
      const rowsBefore = await count(`SELECT count(*) AS n FROM session`);
      const started = performance.now();
      const visitors = async (n: number) => {
        for (let i = 0; i < n; i++) await new Client(base).go('GET', '/login');
      };
      await Promise.all(Array.from({ length: 4 }, () => visitors(ANONYMOUS_GETS / 4)));
      const anonMs = performance.now() - started;
      const anonRows = (await count(`SELECT count(*) AS n FROM session`)) - rowsBefore;

      // Each run: one login, then 100 page views of the logged-in user, and the writes they made.
      const views = await medianOf(3, async () => {
        const client = new Client(base);
        const form = await client.go('GET', '/login');
        await client.go('POST', '/login', { _csrf: csrfOf(form), userId: loginId, password: PASSWORD });
        const before = await writes();
        for (let i = 0; i < PAGE_VIEWS; i++) await client.go('GET', i % 2 ? '/mypage' : '/');
        return (await writes()) - before;
      });
      console.log(
        `${ANONYMOUS_GETS} anonymous GET /login: ${anonRows} session rows (${fmt(anonMs / ANONYMOUS_GETS)} ms a request, 4 at a time); ` +
          `${PAGE_VIEWS} logged-in page views: ${views.values.join(' / ')} session writes`,
      );
      recordSection({
        id: 'sessions',
        title: 'Session rows and writes (target 7)',
        command: 'npm run bench -- sessions',
        method:
          `Portal in production mode (behind a pretend TLS proxy) on its own embedded PostgreSQL; a row trigger counts every INSERT, UPDATE and ` +
          `DELETE on \`session\`. ${ANONYMOUS_GETS} fresh clients each GET /login, 4 at a time; then 3 runs of one login and ` +
          `${PAGE_VIEWS} page views (/ and /mypage alternately, within a few minutes), median.`,
        rows: [
          {
            what: `session rows after ${ANONYMOUS_GETS} anonymous GET /login`,
            floor: 'no row (nothing to remember)',
            result: `${anonRows} rows`,
            ratio: null,
            target: '0 rows',
            met: anonRows === 0,
          },
          {
            what: `session-table writes per ${PAGE_VIEWS} logged-in page views`,
            floor: 'the login row alone: 0 writes after it',
            result: `${fmt(views.median, 0)} writes`,
            ratio: null,
            target: 'none inside the write step (5 min)',
            met: views.median === 0,
          },
        ],
        notes: [
          'Before (main at 1f58cb0): 1,000 rows for 1,000 anonymous GET /login (csrf-sync kept its token in a new ' +
            'session), and 100 writes per 100 page views (the last activity rewrote the row on every view).',
          'Last activity is now a signed cookie; the row is written again only when its stored time is 5 minutes old.',
        ],
      });
    } finally {
      await app.close();
    }
  });
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
