import { csrfOf } from '../support/accounts';
import { Agent } from '../support/http';
import { useIdleSessions } from '../support/idle-sessions';
import { elementWithId, textOf } from '../support/page-text';

const HOUR = 3600_000;

describe('3-hour auto-logout, decided by the server (SPEC §2)', () => {
  const { t, t0, at, loggedIn } = useIdleSessions('session');

  const expiresAt = async (agent: Agent) => {
    const res = await agent.get('/session', { accept: 'application/json' });
    return { status: res.status, body: JSON.parse(res.text) as { expiresAt: string | null; now: string } };
  };

  it('is still logged in at 2:59:59 and logged out at 3:00:00 of inactivity', async () => {
    const a = await loggedIn();
    at(3 * HOUR - 1000);
    expect((await a.get('/mypage')).status).toBe(200);
    const b = await loggedIn();
    at(3 * HOUR);
    const res = await b.get('/mypage');
    expect(res.status).toBe(303);
    const page = await b.get('/login?lng=en');
    expect(page.text).toContain('logged out automatically after 3 hours');
  });

  it('reports the expiry without extending it', async () => {
    const agent = await loggedIn();
    const expected = new Date(t0.getTime() + 3 * HOUR).toISOString();
    at(HOUR);
    expect(await expiresAt(agent)).toEqual({
      status: 200,
      body: { expiresAt: expected, now: new Date(t0.getTime() + HOUR).toISOString() },
    });
    at(2 * HOUR);
    expect((await expiresAt(agent)).body.expiresAt).toBe(expected);
    at(3 * HOUR);
    expect(await expiresAt(agent)).toMatchObject({ status: 200, body: { expiresAt: null } });
  });

  it('extends by 3 hours on page activity and on POST /session/extend', async () => {
    const agent = await loggedIn();
    at(2 * HOUR);
    const page = await agent.get('/mypage');
    expect((await expiresAt(agent)).body.expiresAt).toBe(new Date(t0.getTime() + 5 * HOUR).toISOString());
    at(4 * HOUR + 55 * 60_000);
    const token = /<meta name="csrf-token" content="([^"]+)"/.exec(page.text)![1];
    const res = await agent.request('POST', '/session/extend', {
      headers: { accept: 'application/json' },
      form: { _csrf: token },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).expiresAt).toBe(new Date(t0.getTime() + 7 * HOUR + 55 * 60_000).toISOString());
    at(7 * HOUR + 54 * 60_000);
    expect((await agent.get('/mypage')).status).toBe(200);
  });

  it('refuses an extension without the CSRF token', async () => {
    const agent = await loggedIn();
    const res = await agent.request('POST', '/session/extend', { headers: { accept: 'application/json' }, form: {} });
    expect(res.status).toBe(403);
  });

  it('puts the warning dialog and its script on pages of logged-in users only', async () => {
    const agent = await loggedIn();
    const page = await agent.get('/mypage?lng=ja');
    expect(page.text).toContain('<dialog id="session-dialog"');
    // Manual 2.6: the warning offers OK (3 more hours) and キャンセル.
    const dialog = elementWithId(page.text, 'dialog', 'session-dialog') ?? '';
    expect(textOf(dialog)).toContain('「OK」をクリックすると、ログアウトまでの時間を3時間延長します。');
    expect(textOf(dialog)).toMatch(/OK.*キャンセル/);
    expect(page.text).toContain('src="/assets/js/session-timeout.js"');
    expect(page.text).toContain(`data-expires-at="${new Date(t0.getTime() + 3 * HOUR).toISOString()}"`);
    const anon = await new Agent(t.portal.url).get('/');
    expect(anon.text).not.toContain('session-dialog');
    expect(csrfOf((await agent.get('/logout')).text)).toBeTruthy();
  });
});
