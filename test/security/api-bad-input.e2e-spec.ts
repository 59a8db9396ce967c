import fc from 'fast-check';
import { changedTables, openDigests } from '../support/db-digest';
import { Agent } from '../support/http';
import { fillPath, isApi, Route } from '../support/routes';
import { BIG_FIELD, CANONICAL, encode, LEAK, requestArb, RUNS, SEED, text } from './attacks';
import { startWorld, World } from './world';

/** What a refused API call may still write, and why. */
const ERROR_MAY_CHANGE = [
  'api_key', // the key's last use
  'audit_log', // rejected keys and refused calls are audited on purpose
  'throttle',
  'session',
];

/** Header values fetch can send: visible ASCII and spaces, up to 300 characters. */
const headerText = fc.stringMatching(/^[\x20-\x7e]{0,300}$/);

const AUTH = ['valid', 'valid', 'valid', 'none', 'garbage', 'basic'] as const;

/** A path segment or query value, percent-encoded, or raw with broken percent-encoding. */
const segment = fc.oneof(
  // A URL of 200 kB is refused by Node's HTTP parser before any app code; fields carry the big values.
  text.filter((s) => s !== BIG_FIELD).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '?'))),
  fc.constantFrom('%zz', '%E3%81', '%', '..%2F..%2Fetc%2Fpasswd', '%00', 'E2026-0000000%27'),
);

describe('bad input on every API endpoint never breaks anything (issue 10, item 14)', () => {
  let w: World;
  let digests: Awaited<ReturnType<typeof openDigests>>;
  let fields: string[];

  beforeAll(async () => {
    w = await startWorld();
    digests = await openDigests(w.dbUrl);
    // The API takes the fields of the office's issue form (one schema for both, SPEC §7).
    const docs = (await (await fetch(`${w.office.url}/api/docs`)).json()) as Record<string, unknown>;
    fields = [
      ...new Set(
        [
          ...JSON.stringify(docs).matchAll(
            /"(recipientUserId|holderNameEn|nationality|dateOfBirth|gender|statusOfResidence|issuingOffice)"/g,
          ),
        ].map((m) => m[1]),
      ),
    ];
  }, 180_000);
  afterAll(async () => {
    await digests?.close();
    await w?.close();
  });

  const authHeader = (auth: (typeof AUTH)[number]): Record<string, string> =>
    ({
      valid: { authorization: `Bearer ${w.apiKey}` },
      none: {} as Record<string, string>,
      garbage: { authorization: 'Bearer ro_live_not-a-key' },
      basic: { authorization: 'Basic dXNlcjpwYXNz' },
    })[auth];

  async function expectSafe(
    r: Route,
    res: { status: number; headers: Headers; text: string },
    before: Record<string, string>,
  ) {
    const what = `${r.method} ${r.path} → ${res.status}`;
    expect(what).not.toMatch(/→ 5\d\d$/);
    expect(`${what} leaks ${LEAK.exec(res.text)?.[0] ?? 'nothing'}`).toBe(`${what} leaks nothing`);
    if (res.status >= 400) {
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(`${what}: changed ${changedTables(before, await digests.take(), ERROR_MAY_CHANGE).join(', ')}`).toBe(
        `${what}: changed `,
      );
    }
  }

  it('finds the API endpoints at run time and knows their fields', () => {
    expect(w.routes.office.filter(isApi).map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['POST /api/v1/coes', 'GET /api/v1/coes', 'GET /api/v1/coes/:number']),
    );
    expect(fields).toHaveLength(7);
  });

  it('answers every API endpoint with random bodies, queries, path segments, keys and Idempotency-Keys without a 5xx, a leak or a half-saved record', async () => {
    const agent = new Agent(w.office.url);
    for (const r of w.routes.office.filter(isApi)) {
      await fc.assert(
        fc.asyncProperty(
          requestArb([...fields, 'x']),
          fc.constantFrom(...AUTH),
          fc.option(headerText),
          segment,
          fc.array(fc.tuple(fc.constantFrom('status', 'page', 'status', 'x'), segment), { maxLength: 4 }),
          async (attack, auth, idempotencyKey, param, query) => {
            const path = fillPath(r.path, {
              number: 'PLACEHOLDER',
              id: '00000000-0000-4000-8000-000000000000',
            }).replace('PLACEHOLDER', param);
            const qs = query.map(([k, v]) => `${k}=${v}`).join('&');
            const headers: Record<string, string> = { accept: 'application/json', ...authHeader(auth) };
            if (idempotencyKey !== null) headers['idempotency-key'] = idempotencyKey;
            const before = await digests.take();
            const res =
              r.method === 'GET'
                ? await agent.request('GET', qs ? `${path}?${qs}` : path, { headers })
                : await agent.request(r.method, path, {
                    headers: { ...headers, 'content-type': attack.contentType ?? CANONICAL[attack.encoding] },
                    body: encode(attack.encoding, attack.entries, undefined),
                  });
            await expectSafe(r, res, before);
          },
        ),
        { numRuns: RUNS * 2, seed: SEED, endOnFailure: true },
      );
    }
  }, 300_000);
});
