import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { MailService } from '@app/mail';
import { DAY_MS, ManualClock, queryRows, Retention } from '@app/platform';
import { CliModule } from '../../apps/cli/src/cli.module';
import { RetentionJob } from '../../apps/worker/src/retention-job';
import { startWorker, testConfig } from '../support/apps';
import { runCli } from '../support/run-cli';
import { createTestDatabase } from '../support/test-postgres';

const T = new Date('2026-04-01T00:00:00Z').getTime();
const at = (ms: number) => new Date(T + ms);
const TABLES = [
  'application_document',
  'application_draft',
  'document_purge',
  'email_token',
  'idempotency_key',
  'mail_outbox',
  'session',
  'throttle',
];
// The filing data's retention has its own spec (test/applications/retention.e2e-spec.ts); here it finds nothing.
const APPLICATIONS = { application_draft: 0, application_document: 0, document_purge: 0 };

/** The retention job's work, as `retention:run` and the worker do it: each run as of the clock's now. */
describe('retention: bounded deletion of what is past its period (issue 10.5)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const clock = new ManualClock(at(0));
  const contexts: INestApplicationContext[] = [];
  let ds: DataSource;

  // Batches of 2 rows so that every table needs several statements.
  const context = async (env: NodeJS.ProcessEnv = {}) => {
    const app = await NestFactory.createApplicationContext(
      CliModule.register(testConfig(db.url, { RETENTION_BATCH_SIZE: '2', ...env }), clock),
      { logger: false },
    );
    contexts.push(app);
    return app;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = (await context()).get(DataSource);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await db?.drop();
  });
  beforeEach(async () => {
    clock.set(at(0));
    await ds.query(`TRUNCATE session, email_token, throttle, idempotency_key, mail_outbox`);
  });

  const labels = async (sql: string) => (await queryRows<{ label: string }>(ds, sql)).map((r) => r.label).sort();

  async function seed() {
    // Sessions: connect-pg-simple accepts a session until its expire has passed.
    for (const [sid, expire] of [
      ...[1, 2, 3, 4, 5].map((n) => [`gone-${n}`, at(-n)] as const),
      ['at-now', at(0)],
      ['live', at(3600_000)],
    ] as const) {
      await ds.query(`INSERT INTO session (sid, sess, expire) VALUES ($1, '{}', $2::timestamptz)`, [sid, expire]);
    }
    // E-mail tokens: kept 30 days after use or expiry; a live one is never touched.
    const cutoff = -30 * DAY_MS;
    for (const [hash, expires, used] of [
      ...[1, 2, 3].map((n) => [`expired-${n}`, at(cutoff - n + 1), null] as const),
      ['expired-just-inside', at(cutoff + 1), null],
      ['used-at-cutoff', at(cutoff + 3600_000), at(cutoff)],
      ['used-just-inside', at(cutoff + 3600_000), at(cutoff + 1)],
      ['live', at(3600_000), null],
    ] as const) {
      await ds.query(
        `INSERT INTO email_token (purpose, token_hash, email, expires_at, used_at, created_at)
         VALUES ('register', $1, 'x@example.test', $2, $3, $4)`,
        [hash, expires, used, at(cutoff - DAY_MS)],
      );
    }
    // Throttle counters: rate-limiter-flexible starts afresh once expire (ms) <= now.
    for (const [key, expire] of [
      ...[0, 1, 2, 3].map((n) => [`lapsed-${n}`, T - n] as const),
      ['running', T + 1],
      ['forever', null],
    ] as const) {
      await ds.query(`INSERT INTO throttle (key, points, expire) VALUES ($1, 1, $2)`, [key, expire]);
    }
    // Idempotency keys: remembered 7 days.
    for (const [key, created] of [
      ...[0, 1, 2].map((n) => [`old-${n}`, at(-7 * DAY_MS - n)] as const),
      ['recent', at(-7 * DAY_MS + 1)],
    ] as const) {
      await ds.query(
        `INSERT INTO idempotency_key (scope, key, request_hash, status, response, created_at)
         VALUES ('test:1', $1, 'h', 201, '{}', $2)`,
        [key, created],
      );
    }
    // Mails: the text of a mail sent 30 days ago goes, its row stays; unsent mails are never touched.
    const mails: [string, string, Date | null][] = [
      ...[0, 1, 2].map((n): [string, string, Date | null] => [`sent-old-${n}`, 'sent', at(cutoff - n)]),
      ['sent-just-inside', 'sent', at(cutoff + 1)],
      ['pending-old', 'pending', null],
      ['failed-old', 'failed', null],
      ['cancelled-old', 'cancelled', null],
    ];
    for (const [to, status, sent] of mails) {
      await ds.query(
        `INSERT INTO mail_outbox (to_address, template, lng, subject, text_body, html_body, status, next_attempt_at,
           created_at, sent_at, topic, secrets)
         VALUES ($1, 'mail/test', 'en', 's', 'text', '<p>html</p>', $2, $3, $3, $4, 'test:retention',
                 CASE WHEN $2 = 'pending' THEN '{"url":"u"}'::jsonb END)`,
        [to, status, at(cutoff - 100 * DAY_MS), sent],
      );
    }
  }

  it('deletes exactly what is due, at each boundary, in several batches; live rows and unsent mail survive', async () => {
    await seed();
    const removed = await contexts[0].get(Retention).run();
    expect(removed).toEqual({
      throttle: 4,
      idempotency_key: 3,
      session: 5,
      email_token: 4,
      mail_outbox: 3,
      ...APPLICATIONS,
    });

    expect(await labels(`SELECT sid AS label FROM session`)).toEqual(['at-now', 'live']);
    expect(await labels(`SELECT token_hash AS label FROM email_token`)).toEqual([
      'expired-just-inside',
      'live',
      'used-just-inside',
    ]);
    expect(await labels(`SELECT key AS label FROM throttle`)).toEqual(['forever', 'running']);
    expect(await labels(`SELECT key AS label FROM idempotency_key`)).toEqual(['recent']);
    expect(
      await queryRows(
        ds,
        `SELECT to_address, status, text_body IS NOT NULL AS text, html_body IS NOT NULL AS html, secrets
           FROM mail_outbox ORDER BY id`,
      ),
    ).toEqual([
      { to_address: 'sent-old-0', status: 'sent', text: false, html: false, secrets: null },
      { to_address: 'sent-old-1', status: 'sent', text: false, html: false, secrets: null },
      { to_address: 'sent-old-2', status: 'sent', text: false, html: false, secrets: null },
      { to_address: 'sent-just-inside', status: 'sent', text: true, html: true, secrets: null },
      { to_address: 'pending-old', status: 'pending', text: true, html: true, secrets: { url: 'u' } },
      { to_address: 'failed-old', status: 'failed', text: true, html: true, secrets: null },
      { to_address: 'cancelled-old', status: 'cancelled', text: true, html: true, secrets: null },
    ]);
    // The topic's history (what the office shows) still lists every mail, emptied or not.
    const history = await contexts[0].get(MailService).history('test:retention');
    expect(history.map((h) => [h.toAddress, h.status])).toEqual([
      ['sent-old-0', 'sent'],
      ['sent-old-1', 'sent'],
      ['sent-old-2', 'sent'],
      ['sent-just-inside', 'sent'],
      ['pending-old', 'pending'],
      ['failed-old', 'failed'],
      ['cancelled-old', 'cancelled'],
    ]);

    // Nothing is left for a second run at the same time; a millisecond later the boundary rows go.
    expect(Object.values(await contexts[0].get(Retention).run())).toEqual(TABLES.map(() => 0));
    clock.set(at(1));
    expect(await contexts[0].get(Retention).run()).toEqual({
      throttle: 1,
      idempotency_key: 1,
      session: 1,
      email_token: 2,
      mail_outbox: 1,
      ...APPLICATIONS,
    });
    expect(await labels(`SELECT sid AS label FROM session`)).toEqual(['live']);
    expect(await labels(`SELECT token_hash AS label FROM email_token`)).toEqual(['live']);
  });

  it('stops a table at RETENTION_MAX_ROWS_PER_RUN and finishes it in the next run', async () => {
    await seed();
    const capped = await context({ RETENTION_MAX_ROWS_PER_RUN: '3' });
    expect((await capped.get(Retention).run()).session).toBe(3);
    expect((await capped.get(Retention).run()).session).toBe(2);
    expect((await capped.get(Retention).run()).session).toBe(0);
  });

  it('runs once from the CLI as of --at and prints what it removed per table', async () => {
    await ds.query(
      `INSERT INTO session (sid, sess, expire) VALUES ('cli-old', '{}', $1::timestamptz), ('cli-live', '{}', $2::timestamptz)`,
      [at(-1), at(3600_000)],
    );
    const r = await runCli(['retention:run', '--at', at(0).toISOString()], { DATABASE_URL: db.url, NODE_ENV: 'test' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').sort()).toEqual([
      'application_document: 0',
      'application_draft: 0',
      'document_purge: 0',
      'email_token: 0',
      'idempotency_key: 0',
      'mail_outbox: 0',
      'session: 1',
      'throttle: 0',
    ]);
    expect(await labels(`SELECT sid AS label FROM session`)).toEqual(['cli-live']);
  }, 120_000);

  it('lets two instances run at once, sharing the rows (SKIP LOCKED) and leaving none behind', async () => {
    for (let i = 0; i < 60; i++) {
      await ds.query(`INSERT INTO session (sid, sess, expire) VALUES ($1, '{}', $2::timestamptz)`, [
        `old-${i}`,
        at(-1 - i),
      ]);
    }
    const [a, b] = [await context(), await context()];
    const runs = await Promise.all([a.get(Retention).run(), b.get(Retention).run()]);
    expect(runs[0].session + runs[1].session).toBe(60);
    expect(await labels(`SELECT sid AS label FROM session`)).toEqual([]);
  });
});

describe('the worker runs the retention job over every owner\u2019s table', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    worker = await startWorker(testConfig(db.url));
  });
  afterAll(async () => {
    await worker?.close();
    await db?.drop();
  });

  it('has the job and all eight tables registered', () => {
    expect(worker!.app.get(RetentionJob)).toBeInstanceOf(RetentionJob);
    expect(worker!.app.get(Retention).tables().sort()).toEqual(TABLES);
  });
});
