import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { ensureDatabase } from '@app/platform';
import { mailsTo } from '../support/mail-catcher';
import { runCli } from '../support/run-cli';
import { createTestDatabase } from '../support/test-postgres';

/** The English message of a `validation.` key, as the forms show it and the CLI prints it. */
const english = (file: string, key: string): string =>
  key
    .split('.')
    .reduce<unknown>(
      (node, part) => (node as Record<string, unknown>)[part],
      JSON.parse(readFileSync(join(__dirname, '..', '..', 'locales', 'en', `${file}.json`), 'utf8')),
    ) as string;
const required = english('common', 'validation.required');

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
    const id = /announcement (\d+) added/.exec(r.stdout)![1];
    const audit = await query(
      `SELECT actor, details FROM audit_log WHERE event = 'announcement.created' AND details->>'announcementId' = $1`,
      [id],
    );
    expect(audit).toEqual([
      { actor: 'cli', details: expect.objectContaining({ announcementId: Number(id), languages: ['ja', 'en'] }) },
    ]);
  });

  it.each([
    [['announcement:add', '--body-ja', 'x'], /title-ja/],
    [['announcement:add', '--title-ja', 'x', '--body-ja', 'y', '--title-vi', 'only title'], /--body-vi/],
    [['announcement:add', '--title-ja', ' ', '--body-ja', 'y'], `--title-ja: ${required}`],
    [
      [
        'announcement:add',
        '--title-ja',
        'x',
        '--body-ja',
        'y',
        '--from',
        '2026-05-01T00:00:00Z',
        '--until',
        '2026-04-01T00:00:00Z',
      ],
      `--until: ${english('admin', 'validation.untilAfterFrom')}`,
    ],
    [['apikey:create', '--name', '  '], `--name: ${required}`],
    [['officer:create', '--id', 'ab', '--name', 'Sato'], `--id: ${english('officers', 'validation.loginId')}`],
    [['mail:test', '--to', 'not-an-address'], `--to: ${english('common', 'validation.email')}`],
    [['announcement:add', '--title-ja', 'x', '--body-ja', 'y', '--from', 'tomorrow'], /ISO 8601/],
    [['mail:test', '--to', 'a@example.test', '--lng', 'fr'], /--lng must be one of/],
    [['no-such-command'], /unknown command/],
  ])('refuses %j with a clear message and a non-zero exit', async (args, message) => {
    const r = await runCli(args, env);
    expect(r.code).not.toBe(0);
    if (typeof message === 'string') expect(r.stderr).toContain(message);
    else expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  describe('users:approve, through the office approval form', () => {
    const loginId = 'APPROVE2CLI';
    const good = {
      '--gender': 'female',
      '--birth': '1990-05-06',
      '--postal': '530-0001',
      '--address': '大阪府大阪市北区梅田1-1',
    };
    const approve = (change: Record<string, string>) =>
      runCli(['users:approve', loginId, ...Object.entries({ ...good, ...change }).flat()], env);
    const approvedAt = async () =>
      (await query(`SELECT approved_at FROM app_user WHERE login_id = $1`, [loginId]))[0].approved_at;

    beforeAll(() =>
      query(
        `INSERT INTO app_user (login_id, email, category, name_en, password_hash, password_changed_at, created_at, updated_at)
         VALUES ($1, 'approve-cli@example.test', 'foreign_national', 'CLI APPROVE', 'not-a-hash', now(), now(), now())`,
        [loginId],
      ),
    );

    it.each([
      [{ '--birth': '2090-01-01' }, `--birth: ${english('common', 'validation.dateOfBirthRange')}`],
      [{ '--birth': '1899-12-31' }, `--birth: ${english('common', 'validation.dateOfBirthRange')}`],
      [{ '--birth': '1990-02-30' }, `--birth: ${english('common', 'validation.date')}`],
      [{ '--gender': 'x' }, `--gender: ${english('common', 'validation.gender')}`],
      [{ '--postal': '12345' }, `--postal: ${english('common', 'validation.postalCode')}`],
      [{ '--address': 'あ'.repeat(201) }, `--address: ${english('common', 'validation.tooLong')}`],
    ])('refuses %j as the office form does, exit code 1', async (change, message) => {
      const r = await approve(change);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(await approvedAt()).toBeNull();
    });

    it('accepts real details, normalized as the form normalizes them', async () => {
      const r = await approve({ '--birth': '1900-01-01', '--address': 'あ'.repeat(198) + '  い' });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`approved ${loginId}`);
      const [row] = await query(
        `SELECT gender, date_of_birth::text AS birth, postal_code, address FROM app_user WHERE login_id = $1`,
        [loginId],
      );
      expect(row).toEqual({
        gender: 'female',
        birth: '1900-01-01',
        postal_code: '5300001',
        address: 'あ'.repeat(198) + ' い',
      });
      expect(await approvedAt()).not.toBeNull();
    });
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
