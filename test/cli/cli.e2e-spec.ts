import { Client } from 'pg';
import { ensureDatabase } from '@app/platform';
import { mailsTo } from '../support/mail-catcher';
import { runCli } from '../support/run-cli';
import { createTestDatabase } from '../support/test-postgres';

describe('CLI (compiled, against real PostgreSQL and MailDev)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    db = await createTestDatabase();
    env = { DATABASE_URL: db.url, SMTP_URL: process.env.TEST_SMTP_URL, NODE_ENV: 'test' };
  });
  afterAll(() => db?.drop());

  const query = async (sql: string, params: unknown[] = []) => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      return (await c.query(sql, params)).rows as Record<string, unknown>[];
    } finally {
      await c.end();
    }
  };

  it('prints help listing every command', async () => {
    const r = await runCli(['--help'], env);
    expect(r.code).toBe(0);
    for (const cmd of ['start', 'db:migrate', 'mail:flush', 'mail:test', 'announcement:add'])
      expect(r.stdout).toContain(cmd);
    const sub = await runCli(['announcement:add', '--help'], env);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('--title-zh-Hant');
  });

  it('migrates an empty database, then reports it up to date', async () => {
    const url = new URL(db.url);
    const name = `${url.pathname.slice(1)}_empty`;
    const admin = new URL(db.url);
    admin.pathname = '/postgres';
    await ensureDatabase(admin.toString(), name);
    url.pathname = `/${name}`;
    const first = await runCli(['db:migrate'], { ...env, DATABASE_URL: url.toString() });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/applied \d+ migration/);
    const second = await runCli(['db:migrate'], { ...env, DATABASE_URL: url.toString() });
    expect(second.stdout).toContain('up to date');
    const c = new Client({ connectionString: admin.toString() });
    await c.connect();
    await c.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await c.end();
  });

  it('adds an announcement with optional translations', async () => {
    const r = await runCli(
      [
        'announcement:add',
        '--title-ja',
        'メンテナンスのお知らせ',
        '--body-ja',
        '本文',
        '--title-en',
        'Maintenance',
        '--body-en',
        'Body',
      ],
      env,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/announcement \d+ added/);
    const rows = await query(`SELECT title, body FROM announcement WHERE title->>'ja' = 'メンテナンスのお知らせ'`);
    expect(rows).toEqual([
      { title: { ja: 'メンテナンスのお知らせ', en: 'Maintenance' }, body: { ja: '本文', en: 'Body' } },
    ]);
  });

  it.each([
    [['announcement:add', '--body-ja', 'x'], /title-ja/],
    [['announcement:add', '--title-ja', 'x', '--body-ja', 'y', '--title-vi', 'only title'], /--body-vi/],
    [['announcement:add', '--title-ja', ' ', '--body-ja', 'y'], /must not be empty/],
    [['announcement:add', '--title-ja', 'x', '--body-ja', 'y', '--from', 'tomorrow'], /ISO 8601/],
    [['mail:test', '--to', 'a@example.test', '--lng', 'fr'], /--lng must be one of/],
    [['no-such-command'], /unknown command/],
  ])('refuses %j with a clear message and a non-zero exit', async (args, message) => {
    const r = await runCli(args, env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('queues a test mail and flushes it to the SMTP server', async () => {
    const to = `cli-${Date.now()}@example.test`;
    expect((await runCli(['mail:test', '--to', to, '--lng', 'es'], env)).code).toBe(0);
    expect(await mailsTo(to)).toHaveLength(0);
    const flush = await runCli(['mail:flush'], env);
    expect(flush.code).toBe(0);
    expect(flush.stdout).toMatch(/[1-9]\d* sent, 0 failed/);
    const [mail] = await mailsTo(to);
    expect(mail.html).toContain('lang="es"');
  });

  it('stops on a bad setting with one line naming the variable', async () => {
    const r = await runCli(['db:migrate'], { ...env, MAIL_POLL_INTERVAL_MS: 'often' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('MAIL_POLL_INTERVAL_MS');
  });
});
