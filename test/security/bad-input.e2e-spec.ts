import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { LANGUAGE_CODES } from '@app/platform';
import { csrfOf } from '../support/accounts';
import { changedTables, openDigests } from '../support/db-digest';
import { FormField, isKeptKind, postFormsOf } from '../support/forms';
import { Agent, htmlLang } from '../support/http';
import { fillPath, isApi, isUnsafe, Route } from '../support/routes';
import { startWorld, World } from './world';

/** Fixed, so a failure can be replayed: fast-check prints the seed and the shrunk counterexample. */
const SEED = Number(process.env.FC_SEED ?? 20261201);
const RUNS = Number(process.env.FC_RUNS ?? 30);

type AppName = 'portal' | 'office';

/** What an error answer may still write, and why: none of it is a record the request was trying to make. */
const ERROR_MAY_CHANGE = [
  'session', // the login's last activity and CSRF secret
  'throttle', // a refused attempt still counts against the client
  'audit_log', // failed logins and refused requests are audited on purpose
];

/** Never in a response: a stack frame, a file path, SQL or an internal error's name. */
const LEAK =
  /node_modules|\bat \/|\bat [A-Z]\w+\.|\.ts:\d+|QueryFailedError|SELECT |INSERT INTO|UPDATE "|TypeError|ZodError|Cannot read prop/;

const NASTY = [
  '\u202e',
  'abc\u202dxyz\u202c',
  '\u2066x\u2069',
  '\u0000',
  '\r\n\t',
  '\u200f',
  '\ufeff',
  '\ud800',
  "' OR '1'='1",
  "'; DROP TABLE app_user; --",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{7*7}}',
  '../../../etc/passwd',
  '１２３４５６７',
  'NaN',
  '-1',
  '1e999',
  '__proto__',
  'constructor',
];
const text = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 3 },
  {
    arbitrary: fc.string({
      unit: fc.constantFrom(
        '\u0000',
        '\u0007',
        '\u001b',
        '\u007f',
        '\u0085',
        '\u200e',
        '\u202a',
        '\u202e',
        '\u2028',
        'a',
        'Z',
        '9',
        'あ',
        '@',
      ),
      maxLength: 30,
    }),
    weight: 3,
  },
  { arbitrary: fc.constantFrom(...NASTY), weight: 3 },
  // Plain values, to check that a re-rendered form shows them again.
  { arbitrary: fc.stringMatching(/^[A-Z0-9]{1,16}$/), weight: 4 },
  { arbitrary: fc.constant('x'.repeat(200_000)), weight: 1 },
);

type Shape = 'plain' | 'array' | 'object' | 'nested' | 'duplicate';
interface Entry {
  name: string;
  shape: Shape;
  value: string;
}
const SHAPES: Shape[] = ['plain', 'plain', 'plain', 'array', 'object', 'nested', 'duplicate'];
const ENCODINGS = ['form', 'form', 'form', 'bad-percent', 'json', 'broken-json', 'multipart'] as const;
type Encoding = (typeof ENCODINGS)[number];
const CONTENT_TYPES = [
  'application/x-www-form-urlencoded',
  'application/json',
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded; charset=utf-16',
  'application/json; charset=latin1',
  'multipart/form-data; boundary=x',
];
const CANONICAL: Record<Encoding, string> = {
  form: CONTENT_TYPES[0],
  'bad-percent': CONTENT_TYPES[0],
  json: CONTENT_TYPES[1],
  'broken-json': CONTENT_TYPES[1],
  multipart: CONTENT_TYPES[6],
};

/** Percent-encodes the UTF-8 bytes (a lone surrogate becomes U+FFFD, as a browser would send it). */
const enc = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`,
    )
    .join('');

const formKey = (e: Entry) =>
  ({ plain: e.name, duplicate: e.name, array: `${e.name}[]`, object: `${e.name}[b]`, nested: `${e.name}[0][x]` })[
    e.shape
  ];

const jsonValue = (e: Entry): unknown =>
  ({
    plain: e.value,
    duplicate: [e.value, e.value],
    array: [e.value],
    object: { b: e.value },
    nested: [{ x: e.value }],
  })[e.shape];

function encode(encoding: Encoding, entries: Entry[], csrf: string | undefined): string {
  const withToken = csrf === undefined ? [] : [`_csrf=${enc(csrf)}`];
  const pairs = entries.flatMap((e) => {
    const one = `${enc(formKey(e))}=${enc(e.value)}`;
    return e.shape === 'duplicate' ? [one, `${enc(e.name)}=other`] : [one];
  });
  switch (encoding) {
    case 'form':
      return [...withToken, ...pairs].join('&');
    case 'bad-percent':
      return [...withToken, ...pairs, `${enc(entries[0]?.name ?? 'a')}=%zz%E3%81%`].join('&');
    case 'json':
    case 'broken-json': {
      const json = JSON.stringify({
        ...(csrf === undefined ? {} : { _csrf: csrf }),
        ...Object.fromEntries(entries.map((e) => [e.name, jsonValue(e)])),
      });
      return encoding === 'json' ? json : json.slice(0, Math.max(1, json.length - 3));
    }
    case 'multipart':
      return entries
        .map((e) => `--x\r\nContent-Disposition: form-data; name="${e.name}"\r\n\r\n${e.value}\r\n`)
        .concat('--x--\r\n')
        .join('');
  }
}

const requestArb = (names: string[]) =>
  fc.record({
    entries: fc.array(fc.record({ name: fc.constantFrom(...names), shape: fc.constantFrom(...SHAPES), value: text }), {
      maxLength: 8,
    }),
    encoding: fc.constantFrom(...ENCODINGS),
    contentType: fc.option(fc.constantFrom(...CONTENT_TYPES), { freq: 4 }),
  });
type Attack = ReturnType<typeof requestArb> extends fc.Arbitrary<infer T> ? T : never;

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
  office: ['/password/new', '/totp/setup', '/totp'], // shown only half way through an officer's login
};

describe('bad input on every form and API endpoint never breaks anything (issue 10, item 14)', () => {
  let w: World;
  let digests: Awaited<ReturnType<typeof openDigests>>;
  /** The fields of every POST form found on a GET page, by action path. */
  const forms: Record<AppName, Map<string, FormField[]>> = { portal: new Map(), office: new Map() };

  /** An agent with a session in every state a form needs: logged in, and half way through registering. */
  const preparedAgent = async (app: AppName): Promise<Agent> => {
    if (app === 'office') return w.officerAgent();
    const agent = await w.userAgent();
    const terms = await agent.get('/register');
    await agent.post('/register', { _csrf: csrfOf(terms.text), agree: '1' });
    await agent.get(`/register/verify?${w.queries.portal['/register/verify']}`);
    return agent;
  };

  beforeAll(async () => {
    w = await startWorld();
    digests = await openDigests(w.dbUrl);
    for (const app of ['portal', 'office'] as const) {
      const agent = await preparedAgent(app);
      for (const who of [agent, new Agent(w[app].url)]) {
        for (const r of w.routes[app].filter((x) => x.method === 'GET' && !isApi(x))) {
          const query = w.queries[app][r.path];
          const res = await who.get(fillPath(r.path, w.params[app]) + (query ? `?${query}` : ''));
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

  const allNames = (app: AppName) => [...new Set([...forms[app].values()].flat().map((f) => f.name))];

  async function check(app: AppName, r: Route, agent: Agent, csrf: string, lng: string, attack: Attack): Promise<void> {
    const path = fillPath(r.path, w.params[app]);
    const fields = forms[app].get(path) ?? [];
    const body = encode(attack.encoding, attack.entries, csrf);
    const before = await digests.take();
    const res = await agent.request(r.method, `${path}?lng=${lng}`, {
      headers: { 'content-type': attack.contentType ?? CANONICAL[attack.encoding] },
      body,
    });
    const what = `${r.method} ${r.path} → ${res.status}`;
    expect(what).not.toMatch(/→ 5\d\d$/);
    expect(res.text).not.toMatch(LEAK);
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

  describe.each(['portal', 'office'] as const)('%s', (app) => {
    it('finds the form of every POST route on a page (so the fields below are the real ones)', () => {
      const unsafe = w.routes[app].filter((r) => isUnsafe(r) && !isApi(r));
      const missing = unsafe.filter((r) => !forms[app].has(fillPath(r.path, w.params[app])));
      expect(missing.map((r) => r.path).sort()).toEqual([...NO_FORM_PAGE[app]].sort());
    });

    it('answers every form POST with random, oversized, nested, duplicated, missing and mis-typed input without a 5xx, a leak or a half-saved record', async () => {
      const unsafe = w.routes[app].filter((r) => isUnsafe(r) && !isApi(r));
      for (const [i, r] of unsafe.entries()) {
        // One language per route, all eight in turn: a logged-in ?lng= also changes the profile's language.
        const lng = LANGUAGE_CODES[i % LANGUAGE_CODES.length];
        const tokenPage = `${app === 'portal' ? '/forgot-id' : '/coes/new'}?lng=${lng}`;
        const path = fillPath(r.path, w.params[app]);
        const names = [
          ...new Set([...(forms[app].get(path) ?? []).map((f) => f.name), ...allNames(app).slice(0, 8), 'x']),
        ].filter((n) => n !== '_csrf');
        // Logging out ends the session and its token: such routes get a fresh login for every run.
        const freshEachRun = r.path === '/logout';
        let agent = await preparedAgent(app);
        let csrf = csrfOf((await agent.get(tokenPage)).text);
        await fc.assert(
          fc.asyncProperty(requestArb(names), async (attack) => {
            if (freshEachRun) {
              agent = await preparedAgent(app);
              csrf = csrfOf((await agent.get(tokenPage)).text);
            }
            await check(app, r, agent, csrf, lng, attack);
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
      }
    }, 120_000);
  });
});
