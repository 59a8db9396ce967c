import { DataSource } from 'typeorm';
import { queryRows } from '@app/platform';
import { csrfOf, GOOD_PASSWORD, uniqueEmail } from '../support/accounts';
import { usePortal } from '../support/apps';
import { makeUser } from '../support/factories';
import { Agent } from '../support/http';
import { useIdleSessions } from '../support/idle-sessions';
import { login } from '../support/portal-flows';

const HOUR = 3600_000;
const MINUTE = 60_000;
const SESSION = 'ro.sid';
const ACTIVITY = 'ro.act';
const CSRF = 'ro.csrf';

/** Issue 11, target 7: no session row for visitors, no session write per page view, the exact idle rule. */
describe('sessions without needless rows and writes', () => {
  const { t, t0, at, loggedIn, user } = useIdleSessions('session-writes');
  const db = () => t.portal.app.get(DataSource);
  const sessionRows = async () =>
    Number((await queryRows<{ n: string }>(db(), 'SELECT count(*) AS n FROM session'))[0].n);
  const sidOf = (agent: Agent) => decodeURIComponent(agent.cookie(SESSION)!).replace(/^s:/, '').split('.')[0];
  /** The row's version (xmin changes with every UPDATE) and content. */
  const rowOf = async (agent: Agent) =>
    (
      await queryRows<{ version: string; sess: string; expire: string }>(
        db(),
        `SELECT xmin::text AS version, sess::text AS sess, expire::text AS expire FROM session WHERE sid = $1`,
        [sidOf(agent)],
      )
    )[0];

  it('stores no session and sets no session cookie for a visitor, forms included', async () => {
    const before = await sessionRows();
    for (const path of ['/', '/login', '/register', '/forgot-id', '/forgot-password', '/announcements', '/contact']) {
      const agent = new Agent(t.portal.url);
      const res = await agent.get(path);
      expect(`${path} → ${res.status}`).toBe(`${path} → 200`);
      expect(res.headers.getSetCookie().filter((c) => c.startsWith(`${SESSION}=`))).toEqual([]);
    }
    // The login form still has its token, from a cookie of its own.
    const visitor = new Agent(t.portal.url);
    const form = await visitor.get('/login');
    expect(csrfOf(form.text)).toBeTruthy();
    const cookie = form.headers.getSetCookie().find((c) => c.startsWith(`${CSRF}=`))!;
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\//i);
    expect(await sessionRows()).toBe(before);
  });

  it('stores a session once a flow has state (registration), not before', async () => {
    const before = await sessionRows();
    const agent = new Agent(t.portal.url);
    const terms = await agent.get('/register');
    expect(await sessionRows()).toBe(before);
    expect((await agent.post('/register', { _csrf: csrfOf(terms.text), agree: '1' })).status).toBe(303);
    expect(await sessionRows()).toBe(before + 1);
    expect((await agent.get('/register/email')).status).toBe(200);
  });

  it('does not write the session row on page views inside the 5-minute step, and does once past it', async () => {
    const agent = await loggedIn();
    const first = await rowOf(agent);
    for (let i = 0; i < 20; i++) {
      at(i * 10_000); // up to 3 min 10 s after the login
      expect((await agent.get(i % 2 ? '/mypage' : '/')).status).toBe(200);
    }
    expect(await rowOf(agent)).toEqual(first);
    at(5 * MINUTE);
    expect((await agent.get('/mypage')).status).toBe(200);
    const moved = await rowOf(agent);
    expect(moved.version).not.toBe(first.version);
    expect(JSON.parse(moved.sess).auth.lastActivityAt).toBe(t0.getTime() + 5 * MINUTE);
  });

  it('keeps the 3-hour rule exact from the signed time: 2:59:59.999 valid, 3:00:00 over', async () => {
    // Activity at 0:04 is in the cookie only (the row still says 0:00), and the limit counts from it.
    const a = await loggedIn();
    const b = await loggedIn();
    for (const agent of [a, b]) {
      at(4 * MINUTE);
      const before = await rowOf(agent);
      expect((await agent.get('/mypage')).status).toBe(200);
      expect(await rowOf(agent)).toEqual(before);
    }
    at(4 * MINUTE + 3 * HOUR - 1);
    expect((await a.get('/mypage')).status).toBe(200);
    at(4 * MINUTE + 3 * HOUR);
    expect((await b.get('/mypage')).headers.get('location')).toBe('/login?returnTo=%2Fmypage');
  });

  it('lets no browser move its last activity later: a changed time, or another session’s cookie, counts for nothing', async () => {
    const [victim, control, other] = [await loggedIn(), await loggedIn(), await loggedIn()];
    at(30 * MINUTE);
    expect((await other.get('/mypage')).status).toBe(200); // a cookie signed at 0:30, for its own session
    at(4 * MINUTE);
    for (const agent of [victim, control]) expect((await agent.get('/mypage')).status).toBe(200); // row: 0:00
    const [, signature] = victim.cookie(ACTIVITY)!.split('.');
    const expiry = async (agent: Agent, activity: string) => {
      const cookie = `${SESSION}=${agent.cookie(SESSION)}; ${ACTIVITY}=${activity}`;
      const res = await new Agent(t.portal.url).get('/session', { accept: 'application/json', cookie });
      return (JSON.parse(res.text) as { expiresAt: string | null }).expiresAt;
    };
    at(3 * HOUR);
    expect(await expiry(control, control.cookie(ACTIVITY)!)).toBe(
      new Date(t0.getTime() + 3 * HOUR + 4 * MINUTE).toISOString(),
    );
    expect(await expiry(victim, `${t0.getTime() + 30 * MINUTE}.${signature}`)).toBeNull();
    const victim2 = await loggedIn();
    at(4 * MINUTE);
    expect((await victim2.get('/mypage')).status).toBe(200);
    at(3 * HOUR);
    expect(await expiry(victim2, other.cookie(ACTIVITY)!)).toBeNull();
  });

  it('refuses a CSRF token made for another visitor’s cookie, or before the login', async () => {
    const mine = new Agent(t.portal.url);
    const theirs = new Agent(t.portal.url);
    const theirToken = csrfOf((await theirs.get('/login')).text);
    await mine.get('/login');
    const forged = await mine.post('/login', { _csrf: theirToken, userId: user.loginId, password: GOOD_PASSWORD });
    expect(forged.status).toBe(403);

    const agent = new Agent(t.portal.url);
    const beforeLogin = csrfOf((await agent.get('/login')).text);
    expect(
      (await agent.post('/login', { _csrf: beforeLogin, userId: user.loginId, password: GOOD_PASSWORD })).status,
    ).toBe(303);
    const logout = await agent.get('/logout');
    expect((await agent.post('/logout', { _csrf: beforeLogin })).status).toBe(403);
    expect((await agent.post('/logout', { _csrf: csrfOf(logout.text) })).status).not.toBe(403);
  });
});

describe('sessions that end leave no row', () => {
  const t = usePortal();
  const rows = async () =>
    Number((await queryRows<{ n: string }>(t.portal.app.get(DataSource), 'SELECT count(*) AS n FROM session'))[0].n);

  it('deletes the row at logout and clears the cookie, instead of storing an empty session', async () => {
    const { loginId } = await makeUser(t.portal, { email: uniqueEmail('session-logout') });
    const before = await rows();
    const agent = new Agent(t.portal.url);
    expect((await login(agent, loginId, GOOD_PASSWORD)).status).toBe(303);
    expect(await rows()).toBe(before + 1);
    const page = await agent.get('/logout');
    const out = await agent.post('/logout', { _csrf: csrfOf(page.text) });
    expect(out.status).toBeLessThan(400);
    expect(out.headers.getSetCookie().find((c) => c.startsWith(`${SESSION}=;`))).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(await rows()).toBe(before);
    expect((await agent.get('/mypage')).headers.get('location')).toBe('/login?returnTo=%2Fmypage');
  });
});
