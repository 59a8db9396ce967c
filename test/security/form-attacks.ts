import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { LANGUAGE_CODES } from '@app/platform';
import { csrfOf } from '../support/accounts';
import { changedTables, openDigests } from '../support/db-digest';
import { FormField, isKeptKind, postFormsOf } from '../support/forms';
import { Agent, htmlLang } from '../support/http';
import { isApi, isUnsafe, Route } from '../support/routes';
import { Attack, CANONICAL, encode, LEAK, requestArb, RUNS, SEED } from './attacks';
import { startWorld, World } from './world';

export type AppName = 'portal' | 'office';

/** What an error answer may still write, and why: none of it is a record the request was trying to make. */
const ERROR_MAY_CHANGE = [
  'session', // the login's last activity and CSRF secret
  'throttle', // a refused attempt still counts against the client
  'audit_log', // failed logins and refused requests are audited on purpose
];

/** English error and validation texts (long enough not to be a word other languages share). */
const ENGLISH = (() => {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      if (v.length > 15 && !v.includes('{{')) out.push(v);
    } else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  const common = JSON.parse(readFileSync(join(__dirname, '../../locales/en/common.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  walk(common.validation);
  walk(common.errors);
  return out;
})();

/**
 * POST routes whose form no GET page shows to the sessions prepared here; they are attacked with the
 * field names of all the other forms.
 */
const NO_FORM_PAGE: Record<AppName, string[]> = {
  portal: [
    '/session/extend', // posted by the session dialog's script, no fields
    '/register/confirm', // its page shows only once the details are valid
    '/mypage/profile/confirm', // likewise, after a valid profile edit
  ],
  office: [
    ...['/password/new', '/totp/setup', '/totp'], // shown only half way through an officer's login
  ],
};

/** The property test of every form POST of one app, on a world of its own (one file per app keeps each short). */
export function attackForms(app: AppName): void {
  let w: World;
  let digests: Awaited<ReturnType<typeof openDigests>>;
  /** The fields of every POST form found on a GET page, by action path. */
  const forms: Record<AppName, Map<string, FormField[]>> = { portal: new Map(), office: new Map() };

  /** The CSRF token of the agent's session, from a page with a form whichever the session's state. */
  const tokenOf = async (agent: Agent, lng: string): Promise<string> => {
    const page = await agent.get(`${app === 'portal' ? '/forgot-id' : '/coes/new'}?lng=${lng}`);
    return page.status === 200 ? csrfOf(page.text) : csrfOf((await agent.get(`/login?lng=${lng}`)).text);
  };

  /** An agent with a session in every state a form needs: logged in, and half way through registering. */
  const preparedAgent = async (): Promise<Agent> => {
    if (app === 'office') return w.officerAgent();
    const agent = await w.userAgent();
    const terms = await agent.get('/register');
    await agent.post('/register', { _csrf: csrfOf(terms.text), agree: '1' });
    await agent.get(`/register/verify?${w.queries.portal['/register/verify']}`);
    return agent;
  };

  beforeAll(async () => {
    w = await startWorld();
    digests = await openDigests(w.dbUrl, ERROR_MAY_CHANGE);
    {
      const agent = await preparedAgent();
      for (const who of [agent, new Agent(w[app].url)]) {
        const pages = w.routes[app]
          .filter((x) => x.method === 'GET' && !isApi(x))
          .map((r) => w.pathOf(app, r.path) + (w.queries[app][r.path] ? `?${w.queries[app][r.path]}` : ''));
        for (const page of [...pages, ...w.pages[app]]) {
          const res = await who.get(page);
          for (const [action, fields] of postFormsOf(res.text))
            if (!forms[app].has(action)) forms[app].set(action, fields);
        }
      }
    }
  }, 180_000);
  afterAll(async () => {
    await digests?.close();
    await w?.close();
  });

  const allNames = () => [...new Set([...forms[app].values()].flat().map((f) => f.name))];

  async function check(r: Route, agent: Agent, csrf: string, lng: string, attack: Attack): Promise<void> {
    const path = w.pathOf(app, r.path);
    const fields = forms[app].get(path) ?? [];
    const body = encode(attack.encoding, attack.entries, csrf);
    const before = await digests.take();
    const res = await agent.request(r.method, `${path}?lng=${lng}`, {
      headers: { 'content-type': attack.contentType ?? CANONICAL[attack.encoding] },
      body,
    });
    const what = `${r.method} ${r.path} → ${res.status}`;
    expect(what).not.toMatch(/→ 5\d\d$/);
    expect(`${what} leaks ${LEAK.exec(res.text)?.[0] ?? 'nothing'}`).toBe(`${what} leaks nothing`);
    if (res.status < 400) return;
    expect(`${what}: changed ${changedTables(before, await digests.take(), ERROR_MAY_CHANGE).join(', ')}`).toBe(
      `${what}: changed `,
    );
    if (!(res.headers.get('content-type') ?? '').startsWith('text/html')) return;
    expect(`${what} lang=${htmlLang(res.text)}`).toBe(`${what} lang=${lng}`);
    if (lng !== 'en') expect(ENGLISH.filter((s) => res.text.includes(s))).toEqual([]);
    if (res.status === 422 && attack.encoding === 'form') {
      const counts = new Map<string, number>();
      for (const e of attack.entries) counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
      for (const e of attack.entries) {
        const field = fields.find((f) => f.name === e.name);
        if (!field || !isKeptKind(field) || e.shape !== 'plain' || counts.get(e.name) !== 1) continue;
        if (!/^[A-Z0-9]{1,16}$/.test(e.value)) continue;
        expect(
          `${what} ${e.name}: ${res.text.includes(`value="${e.value}"`) || res.text.includes(`>${e.value}</textarea>`)}`,
        ).toBe(`${what} ${e.name}: true`);
      }
    }
  }

  describe(`${app}: bad input on every form never breaks anything (issue 10, item 14)`, () => {
    it('finds the form of every POST route on a page (so the fields below are the real ones)', () => {
      const unsafe = w.routes[app].filter((r) => isUnsafe(r) && !isApi(r));
      const missing = unsafe.filter((r) => !forms[app].has(w.pathOf(app, r.path)));
      expect(missing.map((r) => r.path).sort()).toEqual([...NO_FORM_PAGE[app]].sort());
    });

    it('reads the application forms with their real fields (the world has a record in each status they need)', () => {
      const fieldsOf = (route: string) => (forms[app].get(w.pathOf(app, route)) ?? []).map((f) => f.name);
      const expected: Record<AppName, Record<string, string[]>> = {
        portal: {
          '/applications/drafts/:id': ['nameEn', 'passportNumber', 'reason'],
          '/applications/drafts/:id/documents': ['photo', 'other'],
          '/applications/:number/answer': ['note', 'documents'],
        },
        office: {
          '/applications/:number/request-documents': ['message', 'deadline'],
          '/applications/:number/deny': ['reason'],
        },
      };
      for (const [route, names] of Object.entries(expected[app]))
        expect({ route, fields: fieldsOf(route) }).toEqual({ route, fields: expect.arrayContaining(names) });
    });

    it('answers every form POST with random, oversized, nested, duplicated, missing and mis-typed input without a 5xx, a leak or a half-saved record', async () => {
      const unsafe = w.routes[app].filter((r) => isUnsafe(r) && !isApi(r));
      for (const [i, r] of unsafe.entries()) {
        // One language per route, all eight in turn: a logged-in ?lng= also changes the profile's language.
        const lng = LANGUAGE_CODES[i % LANGUAGE_CODES.length];
        const path = w.pathOf(app, r.path);
        const names = [
          ...new Set([...(forms[app].get(path) ?? []).map((f) => f.name), ...allNames().slice(0, 8), 'x']),
        ].filter((n) => n !== '_csrf');
        // Logging out ends the session and its token: that route takes the new session's token each run.
        const newTokenEachRun = r.path === '/logout';
        const agent = await preparedAgent();
        let csrf = await tokenOf(agent, lng);
        await fc.assert(
          fc.asyncProperty(requestArb(names), async (attack) => {
            if (newTokenEachRun) csrf = await tokenOf(agent, lng);
            await check(r, agent, csrf, lng, attack);
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
      }
      // Every route's runs in turn, the application actions included: minutes on a loaded machine.
    }, 600_000);
  });
}
