import type { NestExpressApplication } from '@nestjs/platform-express';
import bcrypt from 'bcrypt';
import { DataSource } from 'typeorm';
import { passwordProblems } from '@app/fields';
import { OfficersService, totpSecretContext } from '@app/officers';
import { queryRows, SecretCipher } from '@app/platform';
import { SessionsRepository } from '@app/session';
import { csrfOf, GOOD_PASSWORD, submit, uniqueEmail } from '../support/accounts';
import { FAST_ACCOUNTS, Running, startOffice, startPortal, testConfig } from '../support/apps';
import { Agent } from '../support/http';
import { makeOfficer, makeUser } from '../support/factories';
import { login as portalLogin } from '../support/portal-flows';
import { runCli } from '../support/run-cli';
import { createTestDatabase } from '../support/test-postgres';
import {
  codeAt,
  createOfficer,
  OFFICER_PASSWORD,
  officerLogin,
  passwordStep,
  secretOn,
  totpStep,
  uniqueOfficerId,
} from './officer-flows';

const HOUR = 3600_000;
const COOKIE = 'ro.office.sid';

describe('officer accounts and login (SPEC §6)', () => {
  const t0 = new Date('2026-04-01T00:00:00Z');
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let office: Running<NestExpressApplication>;

  beforeAll(async () => {
    db = await createTestDatabase();
    office = await startOffice(testConfig(db.url, FAST_ACCOUNTS));
  });
  afterAll(async () => {
    await office?.close();
    await db?.drop();
  });
  afterEach(() => office.clock.set(t0));

  const row = async (loginId: string) =>
    (
      await queryRows<{
        id: string;
        failed_logins: number;
        locked_until: Date | null;
        must_change_password: boolean;
        totp_secret: string | null;
        totp_enabled_at: Date | null;
        last_login_at: Date | null;
        password_hash: string;
      }>(office.app.get(DataSource), `SELECT * FROM officer WHERE upper(login_id) = upper($1)`, [loginId])
    )[0];
  const events = async (loginId: string) =>
    (
      await queryRows<{ event: string }>(
        office.app.get(DataSource),
        `SELECT event FROM audit_log WHERE actor = $1 ORDER BY id`,
        [`officer:${loginId}`],
      )
    ).map((e) => e.event);

  it('officer:create prints a one-time password on its last line and refuses a duplicate ID', async () => {
    const env = { DATABASE_URL: db.url, NODE_ENV: 'test', BCRYPT_COST: '4', SMTP_URL: process.env.TEST_SMTP_URL };
    const loginId = uniqueOfficerId('cli');
    const r = await runCli(['officer:create', '--id', loginId, '--name', 'Suzuki Hanako'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const password = lines[lines.length - 1];
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(passwordProblems(password, { userId: loginId })).toEqual([]);
    expect(r.stdout).toContain(loginId);
    const created = await row(loginId);
    expect(created.must_change_password).toBe(true);
    expect(created.totp_secret).toBeNull();
    expect(await bcrypt.compare(password, created.password_hash)).toBe(true);
    expect(created.password_hash).not.toContain(password);

    const dup = await runCli(['officer:create', '--id', loginId.toLowerCase(), '--name', 'Someone Else'], env);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/already exists/);
    expect(dup.stderr).not.toMatch(/\n\s+at /);
    const count = await queryRows<{ n: string }>(
      office.app.get(DataSource),
      `SELECT count(*) AS n FROM officer WHERE upper(login_id) = upper($1)`,
      [loginId],
    );
    expect(count[0].n).toBe('1');
    const audit = await queryRows<{ actor: string; details: { loginId: string } }>(
      office.app.get(DataSource),
      `SELECT actor, details FROM audit_log WHERE event = 'officer.created' AND details->>'loginId' = $1`,
      [loginId],
    );
    expect(audit).toEqual([{ actor: 'cli', details: expect.objectContaining({ loginId }) }]);

    // The printed password opens the first step of the console's login.
    const agent = new Agent(office.url);
    expect((await passwordStep(agent, loginId, password)).headers.get('location')).toBe('/password/new');
  });

  it('forces a new password, then TOTP enrolment, on the first login; a wrong code is refused', async () => {
    const { loginId, oneTimePassword, name } = await createOfficer(office, 'first', 'TAKAHASHI JIRO');
    const agent = new Agent(office.url);
    expect((await agent.get('/')).headers.get('location')).toBe('/login?returnTo=%2F');

    expect((await passwordStep(agent, loginId, oneTimePassword)).headers.get('location')).toBe('/password/new');
    // Half-way is not logged in, and the later steps wait for the new password.
    expect((await agent.get('/')).status).toBe(303);
    expect((await agent.get('/totp/setup')).headers.get('location')).toBe('/password/new');
    expect((await agent.get('/totp')).headers.get('location')).toBe('/password/new');

    const weak = await submit(agent, '/password/new?lng=ja', '/password/new', {
      password: 'short',
      passwordConfirm: 'other',
    });
    expect(weak.status).toBe(422);
    expect(weak.text).toContain('パスワードは10文字以上にしてください。');
    expect(weak.text).toContain('パスワードが一致しません');
    const same = await submit(agent, '/password/new', '/password/new', {
      password: oneTimePassword,
      passwordConfirm: oneTimePassword,
    });
    expect(same.status).toBe(422);
    expect(same.text).toContain('仮パスワードと同じものは使用できません');
    expect((await row(loginId)).must_change_password).toBe(true);

    const changed = await submit(agent, '/password/new', '/password/new', {
      password: OFFICER_PASSWORD,
      passwordConfirm: OFFICER_PASSWORD,
    });
    expect(changed.headers.get('location')).toBe('/totp/setup');
    expect((await row(loginId)).must_change_password).toBe(false);

    const setup = await agent.get('/totp/setup?lng=ja');
    expect(setup.status).toBe(200);
    expect(setup.text).toContain('2段階認証の設定');
    expect(setup.text).toMatch(/<img id="totp-qr" src="data:image\/png;base64,[A-Za-z0-9+/=]+"/);
    const secret = secretOn(setup.text);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(secretOn((await agent.get('/totp/setup')).text)).toBe(secret); // reloading keeps the secret

    // A code from 2 steps ago, and one at the real time (the app must read the injected clock instead).
    const stale = codeAt(secret, new Date(office.clock.now().getTime() - 60_000));
    const wrong = await agent.post('/totp/setup?lng=ja', { _csrf: csrfOf(setup.text), code: stale });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('確認コードが正しくありません');
    expect(await row(loginId)).toMatchObject({ failed_logins: 1, totp_enabled_at: null, totp_secret: null });
    expect((await agent.get('/')).status).toBe(303);

    const good = await agent.post('/totp/setup', {
      _csrf: csrfOf(setup.text),
      code: codeAt(secret, office.clock.now()),
    });
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe('/');
    const after = await row(loginId);
    expect(after).toMatchObject({ failed_logins: 0 });
    // Stored sealed, bound to the row (test/office/officer-totp-secrets.e2e-spec.ts has the rest).
    expect(after.totp_secret).toMatch(/^v1:/);
    expect(office.app.get(SecretCipher).open(after.totp_secret!, totpSecretContext(after.id))).toBe(secret);
    expect(after.totp_enabled_at?.getTime()).toBe(t0.getTime());
    expect(after.last_login_at?.getTime()).toBe(t0.getTime());

    const home = await agent.get('/?lng=ja');
    expect(home.status).toBe(200);
    expect(home.text).toContain(`${name}（職員ID：${loginId}）としてログインしています。`);
    expect(home.text).not.toContain('前回ログイン日時'); // no login before this one
    expect(await events(loginId)).toEqual([
      'officer.password_changed',
      'officer.login_failed',
      'officer.totp_enrolled',
      'officer.login_succeeded',
    ]);
  });

  it('logs in with the TOTP code, renews the session id, and shows the previous login time', async () => {
    const officer = await makeOfficer(office, { label: 'totp', lastLoginAt: t0 }); // first login at t0 = 09:00 JST
    office.clock.set(new Date(t0.getTime() + 2 * HOUR));
    const agent = new Agent(office.url);
    await agent.get('/login');
    const anonymous = agent.cookie(COOKIE);
    expect(anonymous).toBeUndefined(); // a visitor has no session (issue 11): the form's token has its own cookie

    const step1 = await passwordStep(agent, officer.loginId, OFFICER_PASSWORD);
    expect(step1.headers.get('location')).toBe('/totp');
    const halfWay = agent.cookie(COOKIE);
    expect(halfWay).not.toBe(anonymous);
    expect((await agent.get('/')).headers.get('location')).toBe('/login?returnTo=%2F');

    const wrong = await totpStep(agent, codeAt(officer.secret, new Date(t0.getTime() + 3 * HOUR)));
    expect(wrong.status).toBe(401);
    expect((await row(officer.loginId)).failed_logins).toBe(1);
    const malformed = await totpStep(agent, '12ab56');
    expect(malformed.status).toBe(422);
    expect((await row(officer.loginId)).failed_logins).toBe(1); // not a guess: not counted

    // One step of drift is accepted: the code of the previous 30 seconds.
    const code = codeAt(officer.secret, office.clock.now());
    office.clock.advance(30_000);
    const ok = await totpStep(agent, code);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/');
    const loggedIn = agent.cookie(COOKIE);
    expect(loggedIn).not.toBe(halfWay);
    expect(loggedIn).not.toBe(anonymous);

    const home = await agent.get('/?lng=ja');
    expect(home.status).toBe(200);
    expect(home.text).toContain('前回ログイン日時');
    expect(home.text).toContain('2026年4月1日 09:00');
    expect((await row(officer.loginId)).failed_logins).toBe(0);

    // The half-way session id is worthless now.
    const replay = new Agent(office.url);
    const probe = await replay.get('/', { cookie: `${COOKIE}=${halfWay}` });
    expect(probe.headers.get('location')).toBe('/login?returnTo=%2F');
  });

  it('ends a half-way login after 10 minutes', async () => {
    const officer = await makeOfficer(office, { label: 'pending' });
    const agent = new Agent(office.url);
    await passwordStep(agent, officer.loginId, OFFICER_PASSWORD);
    office.clock.advance(10 * 60_000 - 1);
    const page = await agent.get('/totp');
    expect(page.status).toBe(200);
    office.clock.advance(1);
    const late = await agent.post('/totp', {
      _csrf: csrfOf(page.text),
      code: codeAt(officer.secret, office.clock.now()),
    });
    expect(late.status).toBe(303);
    expect(late.headers.get('location')).toBe('/login');
    expect((await agent.get('/login?lng=en')).text).toContain('not completed within 10 minutes');
    expect((await agent.get('/')).status).toBe(303);
  });

  it('locks at the 5th consecutive failure, not the 4th; wrong codes count too', async () => {
    const officer = await makeOfficer(office, { label: 'lock' });
    const agent = new Agent(office.url);
    for (let i = 0; i < 4; i++) expect((await passwordStep(agent, officer.loginId, 'Wrong$pass12')).status).toBe(401);
    expect(await row(officer.loginId)).toMatchObject({ failed_logins: 4, locked_until: null });
    expect((await officerLogin(office, agent, officer)).headers.get('location')).toBe('/'); // the 4th did not lock
    expect((await row(officer.loginId)).failed_logins).toBe(0);

    // Three wrong passwords, then the right one and two wrong codes: the 5th failure is a code.
    const other = new Agent(office.url);
    for (let i = 0; i < 3; i++) await passwordStep(other, officer.loginId, 'Wrong$pass12');
    expect((await passwordStep(other, officer.loginId, OFFICER_PASSWORD)).headers.get('location')).toBe('/totp');
    expect((await row(officer.loginId)).failed_logins).toBe(3); // a right password alone resets nothing
    expect((await totpStep(other, '000000')).status).toBe(401);
    expect((await row(officer.loginId)).locked_until).toBeNull();
    const fifth = await totpStep(other, '000001');
    expect(fifth.status).toBe(401);
    expect(fifth.text).toContain('id="loginId"'); // back to the login form with the generic message
    const state = await row(officer.loginId);
    expect(state.failed_logins).toBe(5);
    expect(state.locked_until?.getTime()).toBe(t0.getTime() + 24 * HOUR);
    expect(await events(officer.loginId)).toContain('officer.locked');

    // Locked: the right password answers exactly as a wrong one and an unknown ID do.
    const third = new Agent(office.url);
    const locked = await passwordStep(third, officer.loginId, OFFICER_PASSWORD);
    const wrong = await passwordStep(third, officer.loginId, 'Wrong$pass12');
    const unknown = await passwordStep(third, 'NO.SUCH.OFFICER', OFFICER_PASSWORD);
    const strip = (s: string) => s.replace(/name="_csrf" value="[^"]+"/, '').replace(/value="[^"]*"/g, '');
    expect([locked.status, wrong.status, unknown.status]).toEqual([401, 401, 401]);
    expect(strip(locked.text)).toBe(strip(wrong.text));
    expect(strip(unknown.text)).toBe(strip(wrong.text));
    expect((await row(officer.loginId)).failed_logins).toBe(5); // attempts during the lock do not count

    office.clock.set(new Date(t0.getTime() + 24 * HOUR - 1000));
    expect((await passwordStep(third, officer.loginId, OFFICER_PASSWORD)).status).toBe(401);
    office.clock.set(new Date(t0.getTime() + 24 * HOUR));
    expect((await officerLogin(office, new Agent(office.url), officer)).headers.get('location')).toBe('/');
  });

  it('counts 20 concurrent wrong passwords exactly: 5 failures, one lock', async () => {
    const officer = await makeOfficer(office, { label: 'race' });
    const agents = Array.from({ length: 20 }, () => new Agent(office.url));
    const tokens = await Promise.all(agents.map(async (a) => csrfOf((await a.get('/login')).text)));
    const results = await Promise.all(
      agents.map((a, i) => a.post('/login', { _csrf: tokens[i], loginId: officer.loginId, password: 'Wrong$pass12' })),
    );
    expect(results.every((r) => r.status === 401)).toBe(true);
    expect((await row(officer.loginId)).failed_logins).toBe(5);
    expect((await events(officer.loginId)).filter((e) => e === 'officer.locked')).toHaveLength(1);
  });

  it('honours returnTo for local paths only', async () => {
    const officer = await makeOfficer(office, { label: 'return' });
    const agent = new Agent(office.url);
    expect((await agent.get('/contact?x=1')).status).toBe(200); // a public page, for the target
    const form = await agent.get('/login?returnTo=%2Fcontact%3Fx%3D1');
    expect(form.text).toContain('name="returnTo" value="/contact?x=1"');
    const ok = await officerLogin(office, agent, officer, { returnTo: '/contact?x=1' });
    expect(ok.headers.get('location')).toBe('/contact?x=1');
    for (const evil of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      office.clock.advance(60_000);
      const r = await officerLogin(office, new Agent(office.url), officer, { returnTo: evil });
      expect(r.headers.get('location')).toBe('/');
    }
    expect((await new Agent(office.url).get('/login?returnTo=https%3A%2F%2Fevil.example')).text).not.toContain(
      'name="returnTo"',
    );
  });

  it('logs out through the confirmation page', async () => {
    const officer = await makeOfficer(office, { label: 'logout' });
    const agent = new Agent(office.url);
    await officerLogin(office, agent, officer);
    const confirm = await agent.get('/logout?lng=ja');
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('職員ログアウト確認');
    const before = agent.cookie(COOKIE);
    const out = await agent.post('/logout', { _csrf: csrfOf(confirm.text) });
    expect(out.status).toBe(200);
    expect(out.text).toContain('ログアウトしました');
    expect(agent.cookie(COOKIE)).not.toBe(before);
    expect((await agent.get('/')).headers.get('location')).toBe('/login?returnTo=%2F');
    expect((await agent.get('/logout')).headers.get('location')).toBe('/login');
    expect(await events(officer.loginId)).toContain('officer.logout');
  });

  it('logs an officer out after 3 hours without activity, not before', async () => {
    const officer = await makeOfficer(office, { label: 'idle' });
    const agent = new Agent(office.url);
    await officerLogin(office, agent, officer);
    office.clock.advance(3 * HOUR - 1);
    expect((await agent.get('/')).status).toBe(200); // activity: the 3 hours start again
    office.clock.advance(3 * HOUR);
    expect((await agent.get('/')).headers.get('location')).toBe('/login?returnTo=%2F');
    expect((await agent.get('/login?lng=en')).text).toContain('after 3 hours without activity');
    expect(await events(officer.loginId)).toContain('officer.session_expired');
  });

  it('ends every session of one officer but the one kept, half-way logins included', async () => {
    const officer = await makeOfficer(office, { label: 'endall' });
    const bystander = await makeOfficer(office, { label: 'bystander' });
    const [kept, ended, halfWay, other] = [1, 2, 3, 4].map(() => new Agent(office.url));
    await officerLogin(office, kept, officer);
    await officerLogin(office, ended, officer);
    expect((await passwordStep(halfWay, officer.loginId, OFFICER_PASSWORD)).headers.get('location')).toBe('/totp');
    await officerLogin(office, other, bystander);
    // The cookie is express-session's signed id, "s:<sid>.<signature>".
    const sid = decodeURIComponent(kept.cookie(COOKIE)!).replace(/^s:/, '').split('.')[0];
    const { id } = (await office.app.get(OfficersService).findByLoginId(officer.loginId))!;

    await office.app.get(SessionsRepository).endAllOfOfficer(id, sid);

    expect((await kept.get('/')).status).toBe(200);
    expect((await ended.get('/')).headers.get('location')).toBe('/login?returnTo=%2F');
    expect((await halfWay.get('/totp')).headers.get('location')).toBe('/login');
    expect((await other.get('/')).status).toBe(200);
  });
});

describe('office and portal sessions are separate', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let office: Running<NestExpressApplication>;
  let portal: Running<NestExpressApplication>;

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = testConfig(db.url, FAST_ACCOUNTS);
    office = await startOffice(config);
    portal = await startPortal(config);
  });
  afterAll(async () => {
    await office?.close();
    await portal?.close();
    await db?.drop();
  });

  it('does not open the office with a logged-in applicant session', async () => {
    const { loginId } = await makeUser(portal, { email: uniqueEmail('office-cookie') });
    const applicant = new Agent(portal.url);
    expect((await portalLogin(applicant, loginId, GOOD_PASSWORD)).status).toBe(303);
    expect((await applicant.get('/mypage')).status).toBe(200);
    const sid = applicant.cookie('ro.sid')!;
    expect(sid).toBeDefined();

    // Neither the portal's cookie nor its (same-secret) session id under the office's cookie name opens it.
    for (const cookie of [`ro.sid=${sid}`, `${COOKIE}=${sid}`]) {
      const r = await new Agent(office.url).get('/', { cookie });
      expect(r.status).toBe(303);
      expect(r.headers.get('location')).toBe('/login?returnTo=%2F');
    }
    // And an applicant's user ID and password are not an officer's.
    const tried = await passwordStep(new Agent(office.url), loginId, GOOD_PASSWORD);
    expect(tried.status).toBe(401);
  });
});

describe('per-address throttling of officer logins', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let office: Running<NestExpressApplication>;

  beforeAll(async () => {
    db = await createTestDatabase();
    office = await startOffice(
      testConfig(db.url, { ...FAST_ACCOUNTS, LOGIN_ATTEMPTS_PER_ADDRESS: '3', TRUST_PROXY: 'true' }),
    );
  });
  afterAll(async () => {
    await office?.close();
    await db?.drop();
  });

  it('stops the 4th login POST from one address with a 429, while other addresses go on', async () => {
    const agent = new Agent(office.url);
    const token = csrfOf((await agent.get('/login')).text);
    const post = (ip: string, i: number) =>
      agent.request('POST', '/login', {
        headers: { 'x-forwarded-for': ip },
        form: { _csrf: token, loginId: `GUESS${i}`, password: 'x' },
      });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post('203.0.113.7', i)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await post('198.51.100.9', 9)).status).toBe(401);
  });

  it('answers the throttled login with its form (login ID kept, Retry-After) and audits it as login.throttled', async () => {
    const agent = new Agent(office.url);
    const token = csrfOf((await agent.get('/login')).text);
    const from = { 'x-forwarded-for': '203.0.113.21' };
    const post = (loginId: string) =>
      agent.request('POST', '/login?lng=en', {
        headers: from,
        form: { _csrf: token, loginId, password: 'Typed#secret1' },
      });
    for (let i = 0; i < 3; i++) expect((await post(`GUESS${i}`)).status).toBe(401);
    const over = await post('TYPED.OFFICER');
    expect(over.status).toBe(429);
    const wait = Number(over.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(15 * 60);
    expect(over.text).toContain('value="TYPED.OFFICER"');
    expect(over.text).not.toContain('Typed#secret1');
    const audit = await queryRows<{ actor: string; ip: string }>(
      office.app.get(DataSource),
      `SELECT actor, ip FROM audit_log WHERE event = 'login.throttled' AND ip = $1`,
      ['203.0.113.21'],
    );
    expect(audit).toEqual([{ actor: 'officer:TYPED.OFFICER', ip: '203.0.113.21' }]);
  });

  it("limits the first login's new password (bcrypt) on the same per-address count", async () => {
    const { loginId, oneTimePassword } = await createOfficer(office, 'throttle');
    const agent = new Agent(office.url);
    const from = { 'x-forwarded-for': '203.0.113.22' };
    const page = await agent.get('/login');
    const step1 = await agent.request('POST', '/login', {
      headers: from,
      form: { _csrf: csrfOf(page.text), loginId, password: oneTimePassword },
    });
    expect(step1.headers.get('location')).toBe('/password/new');
    const token = csrfOf((await agent.get('/password/new')).text);
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const r = await agent.request('POST', '/password/new?lng=en', {
        headers: from,
        form: { _csrf: token, password: 'short', passwordConfirm: 'short' },
      });
      statuses.push(r.status);
      if (r.status === 429) expect(r.text).toContain('name="passwordConfirm"');
    }
    // The password step counted once: two new-password POSTs pass, the third is over the limit.
    expect(statuses).toEqual([422, 422, 429]);
  });
});
