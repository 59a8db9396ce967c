import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcrypt';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { queryRows } from '@app/platform';
import { submit, uniqueEmail } from '../support/accounts';
import { Running, startPortal, testConfig } from '../support/apps';
import { Agent } from '../support/http';
import { mailsTo } from '../support/mail-catcher';
import { flushMail, login } from '../support/portal-flows';
import { runCli } from '../support/run-cli';
import { createTestDatabase } from '../support/test-postgres';

describe('users:import-legacy (SPEC §1 legacy accounts)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let portal: Running<NestExpressApplication>;
  let env: NodeJS.ProcessEnv;
  const dir = mkdtempSync(join(tmpdir(), 'ro-legacy-'));
  const staffEmail = uniqueEmail('legacy-staff');
  const personEmail = uniqueEmail('legacy-person');

  beforeAll(async () => {
    db = await createTestDatabase();
    env = { DATABASE_URL: db.url, SMTP_URL: process.env.TEST_SMTP_URL, NODE_ENV: 'test' };
    portal = await startPortal(testConfig(db.url, { BCRYPT_COST: '4' }));
  });
  afterAll(async () => {
    await portal?.close();
    await db?.drop();
  });

  it('imports, reports bad lines, is idempotent, and the imported users log in with their old passwords', async () => {
    const hash = await bcrypt.hash('OldPass#2024x', 10);
    const csv = [
      'id,password_hash,email,name_en,category',
      `legacy-person.01,${hash},${personEmail},LE VAN TAM,foreign_national`,
      `LegacyStaff7,${hash},${staffEmail},,institution_staff`,
      `broken,not-a-hash,x@example.test,A,lawyer`,
    ].join('\n');
    const file = join(dir, 'legacy.csv');
    writeFileSync(file, csv);

    const first = await runCli(['users:import-legacy', file], env);
    expect(first.stdout).toContain('imported 2, already present 0, rejected 1');
    expect(first.stderr).toContain('line 4: password hash is not a bcrypt hash');
    expect(first.code).toBe(1);

    const second = await runCli(['users:import-legacy', file], env);
    expect(second.stdout).toContain('imported 0, already present 2, rejected 1');
    const rows = await queryRows<{ login_id: string; legacy: boolean; name_en: string | null }>(
      portal.app.get(DataSource),
      `SELECT login_id, legacy, name_en FROM app_user WHERE email IN ($1, $2) ORDER BY lower(login_id)`,
      [personEmail, staffEmail],
    );
    expect(rows).toEqual([
      { login_id: 'legacy-person.01', legacy: true, name_en: 'LE VAN TAM' },
      { login_id: 'LegacyStaff7', legacy: true, name_en: null },
    ]);

    expect((await login(new Agent(portal.url), 'legacy-person.01', 'OldPass#2024x')).status).toBe(303);
    expect((await login(new Agent(portal.url), 'LegacyStaff7', 'OldPass#2024x')).status).toBe(303);
    const home = await (async () => {
      const a = new Agent(portal.url);
      await login(a, 'LegacyStaff7', 'OldPass#2024x');
      return a.get('/mypage');
    })();
    expect(home.text).toContain('LegacyStaff7'); // no English name: the header shows the user ID
  });

  it('explains forgot-ID to legacy staff without an English name and mails nothing', async () => {
    const res = await submit(new Agent(portal.url), '/forgot-id?lng=en', '/forgot-id', {
      email: staffEmail,
      nameEn: 'ANYONE',
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain(
      'Electronic Notification System by 4 January 2026 have no name in English letters on record',
    );
    await flushMail(portal);
    expect(await mailsTo(staffEmail)).toHaveLength(0);
  });

  it('unlocks an account from the CLI', async () => {
    const agent = new Agent(portal.url);
    for (let i = 0; i < 5; i++) await login(agent, 'legacy-person.01', 'Wrong#pass99');
    expect((await login(agent, 'legacy-person.01', 'OldPass#2024x')).status).toBe(401);
    const r = await runCli(['users:unlock', 'LEGACY-PERSON.01'], env);
    expect(r.stdout).toContain('unlocked legacy-person.01');
    expect((await login(agent, 'legacy-person.01', 'OldPass#2024x')).status).toBe(303);
    const missing = await runCli(['users:unlock', 'NOBODY'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no account with user ID NOBODY');
    // Two CLI processes, each loading the whole program, and seven bcrypt logins: past 30 s on a busy 2-core CI machine.
  }, 90_000);
});
