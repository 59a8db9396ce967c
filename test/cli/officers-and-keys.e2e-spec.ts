import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '@app/coe';
import { queryRows } from '@app/platform';
import { FAST_ACCOUNTS, Running, startOffice, testConfig } from '../support/apps';
import { loggedInOfficer, makeOfficer } from '../support/factories';
import { Agent } from '../support/http';
import { runCli } from '../support/run-cli';
import { createTestDatabase } from '../support/test-postgres';
import { OFFICER_PASSWORD, passwordStep } from '../office/officer-flows';

/** Issue 10 item 8: officer:unlock, officer:disable, apikey:list and apikey:revoke, as real processes. */
describe('CLI: officers and API keys (compiled, against real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let office: Running<NestExpressApplication>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    db = await createTestDatabase();
    env = { DATABASE_URL: db.url, NODE_ENV: 'test', BCRYPT_COST: '4' };
    office = await startOffice(testConfig(db.url, FAST_ACCOUNTS));
  });
  afterAll(async () => {
    await office?.close();
    await db?.drop();
  });

  const audited = async (event: string) =>
    queryRows<{ actor: string; details: Record<string, unknown> }>(
      office.app.get(DataSource),
      `SELECT actor, details FROM audit_log WHERE event = $1 ORDER BY id`,
      [event],
    );
  const api = (key: string) =>
    fetch(`${office.url}/api/v1/coes`, { headers: { authorization: `Bearer ${key}`, accept: 'application/json' } });

  it('officer:unlock lifts a lock at once; an unknown ID exits 1 with a message', async () => {
    const officer = await makeOfficer(office, { label: 'locked' });
    const guesser = new Agent(office.url);
    for (let i = 0; i < 5; i++) await passwordStep(guesser, officer.loginId, `wrong-${i}`);
    const refused = await passwordStep(new Agent(office.url), officer.loginId, OFFICER_PASSWORD);
    expect(refused.status).toBe(401); // locked: even the right password is refused

    const r = await runCli(['officer:unlock', officer.loginId.toLowerCase()], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`unlocked officer ${officer.loginId}`);
    const [row] = await queryRows<{ failed_logins: number; locked_until: Date | null }>(
      office.app.get(DataSource),
      `SELECT failed_logins, locked_until FROM officer WHERE id = $1`,
      [officer.id],
    );
    expect(row).toEqual({ failed_logins: 0, locked_until: null });
    expect((await loggedInOfficer(office, officer)) instanceof Agent).toBe(true);
    expect((await audited('officer.unlocked')).at(-1)).toMatchObject({
      actor: 'cli',
      details: { officerId: officer.id },
    });

    const unknown = await runCli(['officer:unlock', 'NO.SUCH.OFFICER'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no officer with ID NO.SUCH.OFFICER');
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
  });

  it('officer:disable ends every session of the officer at once and refuses their logins', async () => {
    const officer = await makeOfficer(office, { label: 'leaver' });
    const bystander = await makeOfficer(office, { label: 'stayer' });
    const session = await loggedInOfficer(office, officer);
    const halfWay = new Agent(office.url);
    expect((await passwordStep(halfWay, officer.loginId, OFFICER_PASSWORD)).headers.get('location')).toBe('/totp');
    const other = await loggedInOfficer(office, bystander);
    expect((await session.get('/')).status).toBe(200);

    const r = await runCli(['officer:disable', officer.loginId], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`disabled officer ${officer.loginId}`);

    expect((await session.get('/')).headers.get('location')).toBe('/login?returnTo=%2F');
    expect((await halfWay.get('/totp')).headers.get('location')).toBe('/login');
    expect((await other.get('/')).status).toBe(200);
    expect((await passwordStep(new Agent(office.url), officer.loginId, OFFICER_PASSWORD)).status).toBe(401);
    expect((await audited('officer.disabled')).at(-1)).toMatchObject({
      actor: 'cli',
      details: { officerId: officer.id },
    });

    const unknown = await runCli(['officer:disable', 'NO.SUCH.OFFICER'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no officer with ID NO.SUCH.OFFICER');
  });

  it('apikey:list shows name, prefix, created, last used and revoked, never the key', async () => {
    const keys = office.app.get(ApiKeysService);
    const used = await keys.create('examination system', 'test');
    const unused = await keys.create('spare key', 'test');
    expect((await api(used.key)).status).toBe(200);

    const r = await runCli(['apikey:list'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [header, ...lines] = r.stdout.trim().split('\n');
    expect(header.split(/\s{2,}/)).toEqual(['name', 'prefix', 'created', 'last used', 'revoked']);
    const line = (name: string) => lines.find((l) => l.startsWith(`${name}  `))!.split(/\s{2,}/);
    expect(line('examination system')).toEqual([
      'examination system',
      used.key.slice(0, 10),
      expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      '-',
    ]);
    expect(line('spare key').slice(3)).toEqual(['-', '-']);
    expect(r.stdout).not.toContain(used.key);
    expect(r.stdout).not.toContain(unused.key);
  });

  it('apikey:revoke --name refuses the key with 401 at once; an unknown name exits 1', async () => {
    const { key } = await office.app.get(ApiKeysService).create('to be revoked', 'test');
    const { key: kept } = await office.app.get(ApiKeysService).create('kept system', 'test');
    expect((await api(key)).status).toBe(200);

    const r = await runCli(['apikey:revoke', '--name', 'to be revoked'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('revoked 1 API key(s) named "to be revoked"');
    const refused = await api(key);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect((await api(kept)).status).toBe(200);
    expect((await audited('apikey.revoked')).at(-1)).toMatchObject({
      actor: 'cli',
      details: { name: 'to be revoked' },
    });

    const listed = await runCli(['apikey:list'], env);
    const line = listed.stdout.split('\n').find((l) => l.startsWith('to be revoked  '))!;
    expect(line.split(/\s{2,}/)[4]).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    for (const name of ['to be revoked', 'no such key']) {
      const again = await runCli(['apikey:revoke', '--name', name], env);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`no live API key named "${name}"`);
      expect(again.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
