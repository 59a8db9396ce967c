import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { totpSecretContext } from '@app/officers';
import { loadConfig, queryRows, SecretCipher, secretCipherOf } from '@app/platform';
import { csrfOf, submit } from '../support/accounts';
import { FAST_ACCOUNTS, Running, startOffice, testConfig } from '../support/apps';
import { makeOfficer } from '../support/factories';
import { Agent } from '../support/http';
import { runCli } from '../support/run-cli';
import { createTestDatabase, useTestDataSource } from '../support/test-postgres';
import {
  awaitFreshCode,
  codeAt,
  createOfficer,
  OFFICER_PASSWORD,
  officerLogin,
  passwordStep,
  secretOn,
  totpStep,
} from './officer-flows';

const SEALED = /^v1:[A-Za-z0-9_-]{11}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+:[A-Za-z0-9_-]{22}$/;

/** Officers' TOTP secrets are stored sealed (docs/decisions.md, "TOTP secrets encrypted at rest"). */
describe('TOTP secrets at rest: sealed in the officer row and in the half-way session, keys rotate', () => {
  const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
  const keys = {
    SECRETS_ENCRYPTION_KEY: newKey.toString('base64'),
    SECRETS_ENCRYPTION_OLD_KEYS: oldKey.toString('base64'),
  };
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let office: Running<NestExpressApplication>;

  beforeAll(async () => {
    db = await createTestDatabase();
    office = await startOffice(testConfig(db.url, { ...FAST_ACCOUNTS, ...keys }));
  });
  afterAll(async () => {
    await office?.close();
    await db?.drop();
  });

  const ds = () => office.app.get(DataSource);
  const stored = async (id: string) =>
    (await queryRows<{ s: string | null }>(ds(), `SELECT totp_secret AS s FROM officer WHERE id = $1`, [id]))[0].s;
  const failures = async (id: string) =>
    (await queryRows<{ n: number }>(ds(), `SELECT failed_logins AS n FROM officer WHERE id = $1`, [id]))[0].n;
  const sessions = async () =>
    (await queryRows<{ sess: string }>(ds(), `SELECT sess::text AS sess FROM session`)).map((r) => r.sess);
  const reseal = (id: string, secret: string, key: Buffer) =>
    ds().query(`UPDATE officer SET totp_secret = $2 WHERE id = $1`, [
      id,
      new SecretCipher(key).seal(secret, totpSecretContext(id)),
    ]);

  it('enrols without the secret in the session or the column in plain, and the code then logs in', async () => {
    const { loginId, oneTimePassword } = await createOfficer(office, 'sealed');
    const agent = new Agent(office.url);
    await passwordStep(agent, loginId, oneTimePassword);
    await submit(agent, '/password/new', '/password/new', {
      password: OFFICER_PASSWORD,
      passwordConfirm: OFFICER_PASSWORD,
    });
    const setup = await agent.get('/totp/setup');
    const secret = secretOn(setup.text);

    const pending = (await sessions()).filter((s) => s.includes(loginId));
    expect(pending).toHaveLength(1);
    expect(pending[0]).not.toContain(secret);
    expect(JSON.parse(pending[0]).officerPending.totpSecret).toMatch(SEALED);

    const good = await agent.post('/totp/setup', {
      _csrf: csrfOf(setup.text),
      code: codeAt(secret, office.clock.now()),
    });
    expect(good.headers.get('location')).toBe('/');
    expect((await sessions()).filter((s) => s.includes(secret))).toEqual([]);
    const [{ id }] = await queryRows<{ id: string }>(ds(), `SELECT id FROM officer WHERE login_id = $1`, [loginId]);
    const value = (await stored(id))!;
    expect(value).toMatch(SEALED);
    expect(value).not.toContain(secret);
    expect(value.split(':')[1]).toBe(new SecretCipher(newKey).seal('x', 'y').split(':')[1]); // the current key

    const later = await officerLogin(office, new Agent(office.url), { loginId, secret });
    expect(later.status).toBe(303);
    expect(later.headers.get('location')).toBe('/');
  });

  it('logs in with a secret sealed under an old key; officer:reseal-secrets moves it to the current key', async () => {
    const officer = await makeOfficer(office, { label: 'rotated' });
    await reseal(officer.id, officer.secret, oldKey);
    expect((await officerLogin(office, new Agent(office.url), officer)).headers.get('location')).toBe('/');

    const r = await runCli(['officer:reseal-secrets'], {
      DATABASE_URL: db.url,
      NODE_ENV: 'test',
      BCRYPT_COST: '4',
      ...keys,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^1 TOTP secret\(s\) sealed under the current key/);
    expect(r.stdout).not.toContain(officer.secret);
    const audited = await queryRows<{ actor: string; details: { count: number; officerIds: string[] } }>(
      ds(),
      `SELECT actor, details FROM audit_log WHERE event = 'officer.secrets_resealed' ORDER BY id DESC LIMIT 1`,
    );
    expect(audited).toEqual([{ actor: 'cli', details: { count: 1, officerIds: [officer.id] } }]);
    expect(JSON.stringify(audited)).not.toContain(officer.secret);
    const value = (await stored(officer.id))!;
    // The old key is no longer needed for it: the new one alone opens it.
    expect(new SecretCipher(newKey).open(value, totpSecretContext(officer.id))).toBe(officer.secret);
    expect((await officerLogin(office, new Agent(office.url), officer)).headers.get('location')).toBe('/');
  });

  it('refuses a sealed value moved to another officer row, or under a key not configured, without counting', async () => {
    const [a, b] = [await makeOfficer(office, { label: 'owner' }), await makeOfficer(office, { label: 'thief' })];
    await ds().query(`UPDATE officer SET totp_secret = (SELECT totp_secret FROM officer WHERE id = $1) WHERE id = $2`, [
      a.id,
      b.id,
    ]);
    const moved = new Agent(office.url);
    expect((await passwordStep(moved, b.loginId, OFFICER_PASSWORD)).headers.get('location')).toBe('/totp');
    const refused = await totpStep(moved, codeAt(a.secret, office.clock.now()));
    expect(refused.status).toBe(401);
    expect((await moved.get('/')).status).toBe(303); // not logged in

    await reseal(b.id, b.secret, randomBytes(32));
    await awaitFreshCode(office, b.loginId);
    expect((await totpStep(moved, codeAt(b.secret, office.clock.now()))).status).toBe(401);
    expect(await failures(b.id)).toBe(0);
    const audit = await queryRows<{ reason: string }>(
      ds(),
      `SELECT details->>'reason' AS reason FROM audit_log WHERE event = 'officer.login_failed' AND details->>'officerId' = $1`,
      [b.id],
    );
    expect(audit.map((e) => e.reason)).toEqual(['unreadable_secret', 'unreadable_secret']);
  });
});

/** The migration seals what was stored in plain, forbids plain values from then on, and goes back down. */
describe('migration: TOTP secrets sealed (down and up with data)', () => {
  const NAME = 'SealTotpSecrets1766152800000';
  const t = useTestDataSource();
  // What the migration reads: the key of the environment it runs in (here the development default).
  const cipher = secretCipherOf(loadConfig(process.env));
  const PLAIN = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

  const applied = async () =>
    (await queryRows<{ name: string }>(t.ds, `SELECT name FROM schema_migrations`)).map((r) => r.name);
  const secretOf = async (id: string) =>
    (await queryRows<{ s: string | null }>(t.ds, `SELECT totp_secret AS s FROM officer WHERE id = $1`, [id]))[0].s;
  const insert = async (loginId: string, secret: string | null) =>
    (
      await queryRows<{ id: string }>(
        t.ds,
        `INSERT INTO officer (login_id, name, password_hash, totp_secret, created_at, updated_at)
         VALUES ($1, 'X', 'h', $2, now(), now()) RETURNING id`,
        [loginId, secret],
      )
    )[0].id;

  it('seals plain secrets going up, refuses plain ones after, and opens them again going down', async () => {
    while ((await applied()).includes(NAME)) await t.ds.undoLastMigration();
    const plain = await insert('MIG.PLAIN', PLAIN);
    const none = await insert('MIG.NONE', null);

    await t.ds.runMigrations();
    expect(await applied()).toContain(NAME);
    const sealed = (await secretOf(plain))!;
    expect(sealed).toMatch(SEALED);
    expect(cipher.open(sealed, totpSecretContext(plain))).toBe(PLAIN);
    expect(await secretOf(none)).toBeNull();
    await expect(insert('MIG.LATER', PLAIN)).rejects.toThrow(/officer_totp_secret_sealed/);

    while ((await applied()).includes(NAME)) await t.ds.undoLastMigration();
    expect(await secretOf(plain)).toBe(PLAIN);
    expect(await secretOf(none)).toBeNull();
    await t.ds.runMigrations();
    expect(cipher.open((await secretOf(plain))!, totpSecretContext(plain))).toBe(PLAIN);
  });
});
