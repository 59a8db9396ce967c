import { csrfOf } from '../support/accounts';
import { changedTables, digestTables } from '../support/db-digest';
import { Agent } from '../support/http';
import { fillPath, isApi, isUnsafe, Route } from '../support/routes';
import { startWorld, World } from './world';

type AppName = 'portal' | 'office';
const APPS: AppName[] = ['portal', 'office'];

/**
 * The JSON API is called by the examination system with a bearer key in each request, never with a
 * cookie, so a forged cross-site request carries no credential and CSRF tokens do not apply; the test
 * below proves the officer's session cookie gives it no power.
 */
const CSRF_EXEMPT = (r: Route) => isApi(r);

/**
 * Tables a GET may change, and why. `session` everywhere: a request on a login may move its stored last
 * activity (every 5 minutes), which is the session itself, not a record the user made.
 */
const GET_MAY_CHANGE_EVERYWHERE = ['session'];
const GET_MAY_CHANGE: Record<string, { tables: string[]; reason: string }> = {
  'portal GET /mypage/email/verify': {
    tables: ['app_user', 'email_token', 'audit_log', 'mail_outbox'],
    reason: 'the link in the confirmation mail; a mail link is a GET, and its unguessable one-time token is the proof',
  },
  'office GET /users/:loginId': { tables: ['audit_log'], reason: "officers' views of a user are audited" },
  'office GET /coes/:number': { tables: ['audit_log'], reason: "officers' views of a certificate are audited" },
  'office GET /applications/:number': {
    tables: ['audit_log'],
    reason: "officers' views of an application are audited (application.viewed)",
  },
  'office GET /applications/:number/application-form.pdf': {
    tables: ['audit_log'],
    reason: "an officer's view of an application's 申請書 is audited, like its documents",
  },
  'office GET /coes.csv': { tables: ['audit_log'], reason: 'CSV exports are audited with their filter' },
  'office GET /audit.csv': { tables: ['audit_log'], reason: 'the audit-log export is itself audited, with its filter' },
  'office GET /api/v1/coes': { tables: ['api_key'], reason: "a key's last use is recorded (apikey:list)" },
  'office GET /api/v1/coes/:number': { tables: ['api_key'], reason: "a key's last use is recorded (apikey:list)" },
};

describe('CSRF and safe GETs on every route of portal and office (issue 10, item 13)', () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld();
  }, 120_000);
  afterAll(() => w?.close());

  const url = (app: AppName, r: Route) => {
    const path = w.pathOf(app, r.path);
    const query = w.queries[app][r.path];
    return query ? `${path}?${query}` : path;
  };
  const unsafe = (app: AppName) => w.routes[app].filter((r) => isUnsafe(r) && !CSRF_EXEMPT(r));

  it('finds the routes at run time (the listing itself works)', () => {
    const names = (app: AppName) => w.routes[app].map((r) => `${r.method} ${r.path}`);
    expect(names('portal')).toEqual(expect.arrayContaining(['POST /login', 'POST /register/details', 'GET /']));
    expect(names('office')).toEqual(expect.arrayContaining(['POST /totp', 'POST /api/v1/coes', 'GET /coes.csv']));
    expect(unsafe('portal').length).toBeGreaterThanOrEqual(12);
    expect(unsafe('office').length).toBeGreaterThanOrEqual(8);
  });

  it('names only GET exceptions that exist', () => {
    const all = APPS.flatMap((app) => w.routes[app].map((r) => `${app} ${r.method} ${r.path}`));
    for (const name of Object.keys(GET_MAY_CHANGE)) expect(all).toContain(name);
  });

  describe.each(APPS)('%s', (app) => {
    const login = () => (app === 'portal' ? w.userAgent() : w.officerAgent());

    it('refuses every POST/PUT/PATCH/DELETE without _csrf, logged out and logged in, and changes nothing', async () => {
      const agents = { 'logged out': new Agent(w[app].url), 'logged in': await login() };
      // Give the logged-out agent a session too, so the 403 is the missing token, not a missing session.
      await agents['logged out'].get('/login');
      const before = await digestTables(w.dbUrl);
      const answers: string[] = [];
      for (const [who, agent] of Object.entries(agents)) {
        for (const r of unsafe(app)) {
          for (const form of [{}, { _csrf: 'forged' }] as Record<string, string>[]) {
            const res = await agent.request(r.method, url(app, r), { form: { x: '1', ...form } });
            answers.push(`${who} ${r.method} ${r.path} ${Object.keys(form).join()} → ${res.status}`);
          }
        }
      }
      expect(answers.filter((a) => !a.endsWith('→ 403'))).toEqual([]);
      expect(changedTables(before, await digestTables(w.dbUrl), ['session'])).toEqual([]);
    });

    it('accepts the same requests with the token of the session (so the 403 above was the CSRF check)', async () => {
      const answers: string[] = [];
      for (const r of unsafe(app)) {
        const agent = new Agent(w[app].url);
        const page = await agent.get('/login');
        const res = await agent.request(r.method, url(app, r), { form: { _csrf: csrfOf(page.text) } });
        answers.push(`${r.method} ${r.path} → ${res.status}`);
      }
      expect(answers.filter((a) => / → (403|5\d\d)$/.test(a))).toEqual([]);
    });

    it('changes no state on any GET, logged out and logged in (named exceptions aside)', async () => {
      const agents = { 'logged out': new Agent(w[app].url), 'logged in': await login() };
      const changes: string[] = [];
      for (const [who, agent] of Object.entries(agents)) {
        for (const r of w.routes[app].filter((x) => x.method === 'GET')) {
          const name = `${app} GET ${r.path}`;
          const headers = isApi(r) ? { authorization: `Bearer ${w.apiKey}`, accept: 'application/json' } : undefined;
          const before = await digestTables(w.dbUrl);
          const res = await agent.get(url(app, r), headers);
          expect(`${name} → ${res.status}`).not.toMatch(/ → 5\d\d$/);
          const allowed = [...GET_MAY_CHANGE_EVERYWHERE, ...(GET_MAY_CHANGE[name]?.tables ?? [])];
          const changed = changedTables(before, await digestTables(w.dbUrl), allowed);
          if (changed.length) changes.push(`${who} ${name} changed ${changed.join(', ')}`);
        }
      }
      expect(changes).toEqual([]);
      // The application pages add real drafts and applications, one a rendered 申請書 PDF.
    }, 180_000);
  });

  it('gives the API nothing for a session cookie: without a bearer key it is 401, token or not', async () => {
    const agent = await w.officerAgent();
    const page = await agent.get('/coes/new');
    for (const r of w.routes.office.filter((x) => isApi(x) && isUnsafe(x))) {
      for (const form of [{}, { _csrf: csrfOf(page.text) }] as Record<string, string>[]) {
        const res = await agent.request(r.method, fillPath(r.path, w.params.office), {
          form,
          headers: { accept: 'application/json' },
        });
        expect(`${r.method} ${r.path} → ${res.status}`).toBe(`${r.method} ${r.path} → 401`);
      }
    }
  });
});
