import { DataSource } from 'typeorm';
import { queryRows } from '@app/platform';
import { csrfOf, GOOD_PASSWORD, linkIn, submit, uniqueEmail, waitForMail } from '../support/accounts';
import { usePortal } from '../support/apps';
import { Agent } from '../support/http';
import { mailsTo } from '../support/mail-catcher';
import { makeUser } from '../support/factories';
import { flushMail, login, registerUser } from '../support/portal-flows';
import { elementWithId, headingOf, linksTo, textOf } from '../support/page-text';

const HOUR = 3600_000;

describe('login, lock and logout (SPEC §2)', () => {
  const t0 = new Date('2026-04-01T00:00:00Z');

  const t = usePortal();
  afterEach(() => t.portal.clock.set(t0));

  const user = async (label: string) => {
    const { email, loginId } = await makeUser(t.portal, { email: uniqueEmail(label) });
    return { email, loginId };
  };
  const lockState = async (loginId: string) =>
    (
      await queryRows<{ failed_logins: number; locked_until: Date | null }>(
        t.portal.app.get(DataSource),
        `SELECT failed_logins, locked_until FROM app_user WHERE login_id = $1`,
        [loginId],
      )
    )[0];

  it('logs in, renews the session id, and shows the previous login time from the second login on', async () => {
    const { loginId } = await user('login');
    const agent = new Agent(t.portal.url);
    await agent.get('/login');
    const before = agent.cookie('ro.sid');
    const res = await login(agent, loginId.toLowerCase(), GOOD_PASSWORD);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/mypage');
    expect(agent.cookie('ro.sid')).not.toBe(before);
    const first = await agent.get('/mypage?lng=ja');
    expect(first.status).toBe(200);
    expect((await agent.get('/mypage/profile')).text).toContain(loginId);
    expect(first.text).not.toContain('前回ログイン日時');

    t.portal.clock.set(new Date(t0.getTime() + 2 * HOUR)); // 11:00 JST
    const second = new Agent(t.portal.url);
    await login(second, loginId, GOOD_PASSWORD);
    const page = await second.get('/mypage?lng=ja');
    expect(page.text).toContain('前回ログイン日時');
    expect(page.text).toContain('2026年4月1日 09:00（日本時間）');
  });

  it('sets the session cookie HttpOnly and SameSite=Lax (Secure only in production)', async () => {
    const { loginId } = await user('cookie');
    const agent = new Agent(t.portal.url);
    const form = await agent.get('/login');
    const res = await fetch(`${t.portal.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        // The form's CSRF cookie: a visitor has no session cookie (issue 11).
        cookie: `ro.csrf=${agent.cookie('ro.csrf')}`,
      },
      body: new URLSearchParams({ _csrf: csrfOf(form.text), userId: loginId, password: GOOD_PASSWORD }).toString(),
    });
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ro.sid='))!;
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).not.toMatch(/; Secure/i);
  });

  it('honours returnTo for local paths only', async () => {
    const { loginId } = await user('return');
    const local = new Agent(t.portal.url);
    expect((await local.get('/mypage')).headers.get('location')).toBe('/login?returnTo=%2Fmypage');
    const form = await local.get('/login?returnTo=%2Fmypage%3Flng%3Den');
    expect(form.text).toContain('name="returnTo" value="/mypage?lng=en"');
    const ok = await local.post('/login', {
      _csrf: csrfOf(form.text),
      userId: loginId,
      password: GOOD_PASSWORD,
      returnTo: '/mypage?lng=en',
    });
    expect(ok.headers.get('location')).toBe('/mypage?lng=en');
    for (const evil of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      const agent = new Agent(t.portal.url);
      const r = await login(agent, loginId, GOOD_PASSWORD, { returnTo: evil });
      expect(r.headers.get('location')).toBe('/mypage');
    }
  });

  it('locks at the 5th consecutive failure, not the 4th, and mails the owner once', async () => {
    const { loginId, email } = await user('lock');
    const agent = new Agent(t.portal.url);
    for (let i = 1; i <= 4; i++) expect((await login(agent, loginId, 'Wrong$pass1')).status).toBe(401);
    expect(await lockState(loginId)).toEqual({ failed_logins: 4, locked_until: null });
    expect((await login(agent, loginId, GOOD_PASSWORD)).status).toBe(303); // the 4th did not lock
    expect((await lockState(loginId)).failed_logins).toBe(0); // success resets the count

    const other = new Agent(t.portal.url);
    for (let i = 1; i <= 5; i++) await login(other, loginId, 'Wrong$pass1');
    const state = await lockState(loginId);
    expect(state.failed_logins).toBe(5);
    expect(state.locked_until?.getTime()).toBe(t0.getTime() + 24 * HOUR);
    const denied = await login(other, loginId, GOOD_PASSWORD);
    expect(denied.status).toBe(401);
    await flushMail(t.portal);
    const lockMails = (await mailsTo(email)).filter((m) => m.subject.includes('ロック'));
    expect(lockMails).toHaveLength(1);
  });

  it('answers a locked account, an unknown ID and a wrong password alike', async () => {
    const { loginId } = await user('alike');
    const agent = new Agent(t.portal.url);
    const wrong = await login(agent, loginId, 'Wrong$pass1');
    for (let i = 0; i < 4; i++) await login(agent, loginId, 'Wrong$pass1');
    const locked = await login(agent, loginId, GOOD_PASSWORD);
    const unknown = await login(agent, 'NOSUCHUSER', GOOD_PASSWORD);
    const strip = (s: string) => s.replace(/name="_csrf" value="[^"]+"/, '').replace(/value="[^"]*"/g, '');
    expect([locked.status, unknown.status]).toEqual([wrong.status, wrong.status]);
    expect(strip(locked.text)).toBe(strip(wrong.text));
    expect(strip(unknown.text)).toBe(strip(wrong.text));
  });

  it('releases the lock at exactly 24 hours after the locking failure', async () => {
    const { loginId } = await user('release');
    const agent = new Agent(t.portal.url);
    t.portal.clock.set(new Date(t0.getTime() + 10_000));
    for (let i = 0; i < 5; i++) await login(agent, loginId, 'Wrong$pass1');
    t.portal.clock.set(new Date(t0.getTime() + 10_000 + 24 * HOUR - 1000));
    expect((await login(agent, loginId, GOOD_PASSWORD)).status).toBe(401);
    t.portal.clock.set(new Date(t0.getTime() + 10_000 + 24 * HOUR));
    expect((await login(agent, loginId, GOOD_PASSWORD)).status).toBe(303);
    expect(await lockState(loginId)).toEqual({ failed_logins: 0, locked_until: null });
  });

  it('releases the lock at once by a password reset', async () => {
    const { loginId, email } = await user('reset');
    const agent = new Agent(t.portal.url);
    for (let i = 0; i < 5; i++) await login(agent, loginId, 'Wrong$pass1');
    await submit(agent, '/forgot-password', '/forgot-password', { userId: loginId, email });
    await flushMail(t.portal);
    const mails = await waitForMail(email, 2); // locked, reset
    const reset = mails.find((m) => m.text.includes('/reset-password?token='))!;
    const link = linkIn(reset, '/reset-password?token=');
    const form = await agent.get(link);
    const newPassword = 'Nagoya#2026Sky';
    const done = await agent.post('/reset-password', {
      _csrf: csrfOf(form.text),
      token: new URLSearchParams(link.split('?')[1]).get('token')!,
      password: newPassword,
      passwordConfirm: newPassword,
    });
    expect(done.status).toBe(200);
    expect(await lockState(loginId)).toEqual({ failed_logins: 0, locked_until: null });
    expect((await login(new Agent(t.portal.url), loginId, newPassword)).status).toBe(303);
  });

  it('counts 20 concurrent wrong passwords exactly: 5 failures, one lock, one mail', async () => {
    const { loginId, email } = await user('race');
    const agents = Array.from({ length: 20 }, () => new Agent(t.portal.url));
    const tokens = await Promise.all(agents.map(async (a) => csrfOf((await a.get('/login')).text)));
    const results = await Promise.all(
      agents.map((a, i) => a.post('/login', { _csrf: tokens[i], userId: loginId, password: 'Wrong$pass1' })),
    );
    expect(results.every((r) => r.status === 401)).toBe(true);
    expect((await lockState(loginId)).failed_logins).toBe(5);
    expect((await login(new Agent(t.portal.url), loginId, GOOD_PASSWORD)).status).toBe(401);
    await flushMail(t.portal);
    expect((await mailsTo(email)).filter((m) => m.subject.includes('ロック'))).toHaveLength(1);
  });

  it('logs out through the confirmation page', async () => {
    const { loginId } = await user('logout');
    const agent = new Agent(t.portal.url);
    await login(agent, loginId, GOOD_PASSWORD);
    expect(linksTo((await agent.get('/mypage?lng=ja')).text, '/logout')).toEqual(['ログアウト']);
    const ko = await agent.get('/logout?lng=ko');
    expect(headingOf(ko.text)).toBe('이용자 로그아웃 확인');
    const confirm = await agent.get('/logout?lng=ja');
    // Manual 2.3: ログアウト → 利用者ログアウト確認 → ログアウトする.
    expect(headingOf(confirm.text)).toBe('利用者ログアウト確認');
    expect(textOf(elementWithId(confirm.text, 'button', 'logout') ?? '')).toBe('ログアウトする');
    const out = await agent.post('/logout', { _csrf: csrfOf(confirm.text) });
    expect(out.status).toBe(200);
    expect((await agent.get('/mypage')).status).toBe(303);
  });

  it('records logins, failures and locks in the audit log', async () => {
    // Registered through the form: the audit trail starts with the registration.
    const { loginId } = await registerUser(t.portal, uniqueEmail('audit'));
    const agent = new Agent(t.portal.url);
    await login(agent, loginId, 'Wrong$pass1');
    await login(agent, loginId, GOOD_PASSWORD);
    const events = await queryRows<{ event: string }>(
      t.portal.app.get(DataSource),
      `SELECT a.event FROM audit_log a JOIN app_user u ON u.id = a.user_id WHERE u.login_id = $1 ORDER BY a.id`,
      [loginId],
    );
    expect(events.map((e) => e.event)).toEqual(['registration.completed', 'login.failed', 'login.succeeded']);
  });
});

describe('per-address throttling', () => {
  const t = usePortal({ LOGIN_ATTEMPTS_PER_ADDRESS: '3', RECOVERY_REQUESTS_PER_ADDRESS: '2', TRUST_PROXY: 'true' });

  it('stops the 4th login POST from one address with a localized 429, while other addresses go on', async () => {
    const agent = new Agent(t.portal.url);
    const from = { 'x-forwarded-for': '203.0.113.7' };
    const token = csrfOf((await agent.get('/login')).text);
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (
          await agent.request('POST', '/login?lng=en', {
            headers: from,
            form: { _csrf: token, userId: `GUESS${i}`, password: 'x' },
          })
        ).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const blocked = await agent.request('POST', '/login?lng=en', {
      headers: from,
      form: { _csrf: token, userId: 'A', password: 'x' },
    });
    expect(blocked.text).toContain('Please wait a moment');
    const elsewhere = await agent.request('POST', '/login', {
      headers: { 'x-forwarded-for': '198.51.100.9' },
      form: { _csrf: token, userId: 'A', password: 'x' },
    });
    expect(elsewhere.status).toBe(401);
  });

  it('throttles recovery requests too', async () => {
    const agent = new Agent(t.portal.url);
    const from = { 'x-forwarded-for': '203.0.113.8' };
    const token = csrfOf((await agent.get('/forgot-id')).text);
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (
          await agent.request('POST', '/forgot-id', {
            headers: from,
            form: { _csrf: token, email: 'a@example.test', nameEn: 'A B' },
          })
        ).status,
      );
    }
    expect(statuses).toEqual([200, 200, 429]);
  });
});
