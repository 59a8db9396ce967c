import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '@app/coe';
import { MailService } from '@app/mail';
import {
  dataSourceOptions,
  ManualClock,
  queryRows,
  startEmbeddedPostgres,
  stopEmbeddedPostgres,
  UNAVAILABLE_RETRY_AFTER_S,
} from '@app/platform';
import { uniqueEmail } from '../support/accounts';
import { FAST_ACCOUNTS, Running, startOffice, startPortal, startWorker, testConfig } from '../support/apps';
import { loggedInAgent, loggedInOfficer, makeCoes, makeOfficer, makeUser } from '../support/factories';
import { freePort } from '../support/free-port';
import { Agent } from '../support/http';
import { mailsTo } from '../support/mail-catcher';
import { TEST_PG_SETTINGS } from '../support/test-postgres';

const jst = (s: string) => new Date(`${s}+09:00`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Each reminder carries its certificate's PDF, which takes a while to make: a few are enough here. */
const CERTIFICATES = 6;

/**
 * A PostgreSQL of this file's own, stopped and started under running apps; the shared test server
 * must never go away under the other test files.
 */
describe('database outage: 503 while PostgreSQL is down, normal service after, no restart', () => {
  const dataDir = join(__dirname, '../../.data/test', `pg-outage-${process.pid}`);
  const issued = jst('2025-08-04T09:00:00');
  const dueAt = jst('2025-08-11T09:00:00');
  const portalClock = new ManualClock(dueAt);
  // Behind the portal's, so that nothing is due for the worker until the outage begins.
  const workerClock = new ManualClock(new Date(issued.getTime() + 3600_000));
  const logLines: string[] = [];
  let port: number;
  let portal: Running<NestExpressApplication>;
  let office: Running<NestExpressApplication>;
  let worker: Running<NestExpressApplication>;

  const start = () => startEmbeddedPostgres({ dataDir, port, settings: TEST_PG_SETTINGS });

  beforeAll(async () => {
    await stopEmbeddedPostgres(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
    port = await freePort();
    const { url } = await start();
    const ds = new DataSource(dataSourceOptions(url));
    await ds.initialize();
    await ds.runMigrations();
    await ds.destroy();
    // The default connect timeout (5 s): a stopped server refuses at once, so a shorter one does not make the
    // outage show sooner; it only made a connection to the restarted server, on a loaded CI machine, time
    // out after the recovery and count as a second outage.
    const env = { ...FAST_ACCOUNTS };
    portal = await startPortal(testConfig(url, env), portalClock);
    office = await startOffice(testConfig(url, env), portalClock);
    worker = await startWorker(
      testConfig(url, { ...env, MAIL_POLL_INTERVAL_MS: '100', REMINDER_SWEEP_INTERVAL_MS: '1000' }),
      workerClock,
    );
    // The worker logs through Nest's Logger; keep what it says about the database.
    const keep = (message: unknown) => {
      if (/^database (unavailable|reachable)/.test(String(message))) logLines.push(String(message));
    };
    for (const level of ['log', 'warn', 'error'] as const) {
      const original = Logger.prototype[level];
      jest.spyOn(Logger.prototype, level).mockImplementation(function (
        this: Logger,
        message: unknown,
        ...rest: unknown[]
      ) {
        keep(message);
        return original.call(this, message, ...rest);
      });
    }
  }, 120_000);

  afterAll(async () => {
    jest.restoreAllMocks();
    await worker?.close();
    await office?.close();
    await portal?.close();
    await stopEmbeddedPostgres(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  it('answers 503 with Retry-After, localized, while it is down; heals on its own; loses and doubles no mail', async () => {
    const user = await makeUser(portal, { lng: 'en', email: uniqueEmail('outage') });
    await makeCoes(portal, user, CERTIFICATES, { issuedAt: issued, firstMailedAt: issued });
    const applicant = await loggedInAgent(portal, user);
    const officer = await loggedInOfficer(office, await makeOfficer(office, { label: 'outage' }));
    const { key } = await office.app.get(ApiKeysService).create('outage-test', 'test');
    const queued = Array.from({ length: 10 }, (_, i) => uniqueEmail(`queued-${i}`));
    for (const to of queued) {
      await portal.app.get(MailService).enqueue({ to, template: 'mail/test', lng: 'en', data: { sentAt: dueAt } });
    }
    const api = () =>
      fetch(`${office.url}/api/v1/coes`, { headers: { authorization: `Bearer ${key}`, accept: 'application/json' } });
    const probes = {
      mypage: () => applicant.get('/mypage?lng=en'),
      mypageVi: () => applicant.get('/mypage?lng=vi'),
      anonymousPost: () => new Agent(portal.url).post('/login', { userId: 'x', password: 'y' }),
      office: () => officer.get('/'),
      api,
      portalHealth: () => fetch(`${portal.url}/healthz`),
      officeHealth: () => fetch(`${office.url}/healthz`),
      workerHealth: () => fetch(`${worker.url}/healthz`),
    };
    for (const [name, probe] of Object.entries(probes)) {
      expect([name, (await probe()).status]).toEqual([name, name === 'anonymousPost' ? 403 : 200]);
    }

    await stopEmbeddedPostgres(dataDir);
    try {
      // The mails and reminders fall due for the worker only now, so it polls into the outage with work
      // waiting. (Had it claimed mails just before, those would wait for their lease: see "Mail delivery"
      // in docs/operations.md.)
      workerClock.set(new Date(dueAt.getTime() + 60_000));
      const page = await probes.mypage();
      expect(page.status).toBe(503);
      expect(page.headers.get('retry-after')).toBe(String(UNAVAILABLE_RETRY_AFTER_S));
      expect(page.text).toContain('The service is temporarily unavailable');
      const vi = await probes.mypageVi();
      expect(vi.status).toBe(503);
      expect(vi.text).toContain('Dịch vụ tạm thời không khả dụng');
      expect(vi.text).toContain('<html lang="vi"');
      // CSRF needs a session, and the session store is the database: 503 too, never a 500.
      const post = await probes.anonymousPost();
      expect([403, 503]).toContain(post.status);
      const consolePage = await probes.office();
      expect(consolePage.status).toBe(503);
      expect(consolePage.headers.get('retry-after')).toBe(String(UNAVAILABLE_RETRY_AFTER_S));

      const json = await api();
      expect(json.status).toBe(503);
      expect(json.headers.get('content-type')).toContain('application/problem+json');
      expect(json.headers.get('retry-after')).toBe(String(UNAVAILABLE_RETRY_AFTER_S));
      expect(await json.json()).toMatchObject({ status: 503 });
      for (const health of [probes.portalHealth, probes.officeHealth, probes.workerHealth]) {
        const res = await health();
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe(String(UNAVAILABLE_RETRY_AFTER_S));
      }
      // Let the worker poll into the outage many times.
      await sleep(3000);
    } finally {
      await start();
    }

    // Back: the same running apps answer normally again, with no restart.
    for (let i = 0; i < 200 && (await probes.mypage()).status !== 200; i++) await sleep(100);
    for (const [name, probe] of Object.entries(probes)) {
      expect([name, (await probe()).status]).toEqual([name, name === 'anonymousPost' ? 403 : 200]);
    }

    const db = portal.app.get(DataSource);
    const waiting = async () =>
      Number(
        (
          await queryRows<{ n: string }>(
            db,
            `SELECT (SELECT count(*) FROM mail_outbox WHERE status <> 'sent')
                  + (SELECT count(*) FROM coe WHERE reminders_sent = 0) AS n`,
          )
        )[0].n,
      );
    for (let i = 0; i < 600 && (await waiting()) > 0; i++) await sleep(100);
    expect(await queryRows(db, `SELECT id, status, template FROM mail_outbox WHERE status <> 'sent'`)).toEqual([]);
    expect(await waiting()).toBe(0);

    for (const to of queued) expect([to, (await mailsTo(to)).length]).toEqual([to, 1]);
    // Only the reminders go to the applicant (in Vietnamese, chosen on /mypage?lng=vi while logged in).
    expect(await mailsTo(user.email)).toHaveLength(CERTIFICATES);
    const [counts] = await queryRows<{ wrong: string; mails: string }>(
      db,
      `SELECT (SELECT count(*) FROM coe WHERE reminders_sent <> 1) AS wrong,
              (SELECT count(*) FROM mail_outbox WHERE template = 'coe/reminder') AS mails`,
    );
    expect(counts).toEqual({ wrong: '0', mails: String(CERTIFICATES) });

    // One outage, logged once when it starts and once when it ends (the whole log shows on failure).
    const database = logLines.filter((l) => /^database (unavailable|reachable again)/.test(l));
    expect(database.map((l) => l.replace(/:.*/, ''))).toEqual([
      'database unavailable, backing off',
      'database reachable again, resuming',
    ]);
  }, 120_000);
});
