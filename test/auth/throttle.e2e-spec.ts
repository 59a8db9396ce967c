import { DataSource } from 'typeorm';
import { queryRows } from '@app/platform';
import { csrfOf, GOOD_PASSWORD, linkIn, uniqueEmail, waitForMail } from '../support/accounts';
import { usePortal } from '../support/apps';
import { makeUser } from '../support/factories';
import { Agent } from '../support/http';
import { CATEGORY_FIELDS, flushMail } from '../support/portal-flows';

/** A browser at one client address (behind the trusted proxy). */
class From {
  readonly agent: Agent;
  constructor(
    url: string,
    readonly ip: string,
    agent?: Agent,
  ) {
    this.agent = agent ?? new Agent(url);
  }

  get(path: string) {
    return this.agent.get(path, { 'x-forwarded-for': this.ip });
  }

  /** POSTs `form` with the CSRF token of `page` (fetched first). */
  async submit(page: string, action: string, form: Record<string, string>) {
    const token = csrfOf((await this.get(page)).text);
    return this.agent.post(action, { _csrf: token, ...form }, { 'x-forwarded-for': this.ip });
  }

  /** The same browser at another address. */
  at(ip: string) {
    return new From('', ip, this.agent);
  }
}

const LOGIN_LIMIT = 3;
const MAIL_PER_ADDRESS = 3;
const MAIL_PER_TARGET = 2;
const DETAILS_PER_LINK = 5;

/** The 429 answer: the form again, its notice in English, the wait from the limiter. */
function expectThrottled(r: { status: number; headers: Headers; text: string }, windowSeconds: number) {
  expect(r.status).toBe(429);
  const wait = Number(r.headers.get('retry-after'));
  expect(Number.isInteger(wait)).toBe(true);
  expect(wait).toBeGreaterThanOrEqual(1);
  expect(wait).toBeLessThanOrEqual(windowSeconds);
  expect(r.text).toContain('Please wait a moment');
  expect(r.text).toContain('<form class="form" method="post"');
}

describe('bounded work per client (issue 10)', () => {
  const t = usePortal({
    LOGIN_ATTEMPTS_PER_ADDRESS: String(LOGIN_LIMIT),
    RECOVERY_REQUESTS_PER_ADDRESS: String(MAIL_PER_ADDRESS),
    MAIL_REQUESTS_PER_TARGET: String(MAIL_PER_TARGET),
    REGISTRATION_DETAILS_PER_LINK: String(DETAILS_PER_LINK),
    TRUST_PROXY: 'true',
  });
  let last = 0;
  const ip = () => `203.0.113.${++last}`;
  const browser = () => new From(t.portal.url, ip());
  const db = () => t.portal.app.get(DataSource);

  async function loggedIn(label: string) {
    const user = await makeUser(t.portal, { email: uniqueEmail(label) });
    const b = browser();
    const r = await b.submit('/login', '/login', { userId: user.loginId, password: GOOD_PASSWORD });
    expect(r.status).toBe(303);
    // Logged in from an address of its own: the login does not use up the address under test.
    return { user, b: b.at(ip()) };
  }

  async function verifiedRegistration(email: string) {
    const b = browser();
    await b.submit('/register?lng=en', '/register', { agree: '1' });
    expect((await b.submit('/register/email', '/register/email', { email, emailConfirm: email })).status).toBe(303);
    await flushMail(t.portal);
    const link = linkIn((await waitForMail(email))[0], '/register/verify?token=');
    expect((await b.get(link)).headers.get('location')).toBe('/register/details');
    return { b, link };
  }

  const details = (password = GOOD_PASSWORD) => ({
    category: 'foreign_national',
    nameEn: 'TANAKA TARO',
    phone: '09012345678',
    password,
    passwordConfirm: password,
    ...CATEGORY_FIELDS.foreign_national,
  });

  it(`login: ${LOGIN_LIMIT} POSTs pass, the next is a 429 with Retry-After, the login ID kept, and audited`, async () => {
    const b = browser();
    const statuses = [];
    for (let i = 0; i < LOGIN_LIMIT; i++) {
      statuses.push((await b.submit('/login', '/login?lng=en', { userId: `GUESS${i}`, password: 'x' })).status);
    }
    expect(statuses).toEqual(Array(LOGIN_LIMIT).fill(401));
    const over = await b.submit('/login', '/login?lng=en', { userId: 'TYPED-ID', password: 'Secret#typed1' });
    expectThrottled(over, 15 * 60);
    expect(over.text).toContain('value="TYPED-ID"');
    expect(over.text).not.toContain('Secret#typed1');
    const audit = await queryRows<{ actor: string; ip: string }>(
      db(),
      `SELECT actor, ip FROM audit_log WHERE event = 'login.throttled' AND ip = $1`,
      [b.ip],
    );
    expect(audit).toEqual([{ actor: 'TYPED-ID', ip: b.ip }]);
  });

  it('every other POST that runs bcrypt is limited per client address, its form kept', async () => {
    const token = 'A'.repeat(43); // the limit comes before the reset link is even looked at
    const newPassword = { password: 'Nagoya#2026Sky', passwordConfirm: 'Nagoya#2026Sky' };
    const cases: Array<{
      name: string;
      who: From;
      page: string;
      action: string;
      form: (i: number) => Record<string, string>;
      kept?: string;
    }> = [
      {
        name: 'registration details',
        who: (await verifiedRegistration(uniqueEmail('bcrypt-details'))).b.at(ip()),
        page: '/register/details',
        action: '/register/details?lng=en',
        form: () => details('short'),
        kept: 'value="TANAKA TARO"',
      },
      {
        name: 'reset',
        who: browser(),
        page: '/forgot-password',
        action: '/reset-password?lng=en',
        form: () => ({ token, ...newPassword }),
        kept: `value="${token}"`,
      },
      {
        name: 'my-page password',
        who: (await loggedIn('bcrypt-password')).b,
        page: '/mypage/password',
        action: '/mypage/password?lng=en',
        form: () => ({ currentPassword: 'Wrong$pass1', ...newPassword }),
      },
      {
        name: 'my-page e-mail',
        who: (await loggedIn('bcrypt-email')).b,
        page: '/mypage/email',
        action: '/mypage/email?lng=en',
        // A new address each time: only the client's limit is under test here.
        form: (i) => ({
          currentPassword: 'Wrong$pass1',
          email: `kept${i}@example.test`,
          emailConfirm: `kept${i}@example.test`,
        }),
        kept: `value="kept${LOGIN_LIMIT}@example.test"`,
      },
    ];
    for (const c of cases) {
      const answers = [];
      for (let i = 0; i <= LOGIN_LIMIT; i++) answers.push(await c.who.submit(c.page, c.action, c.form(i)));
      const allowed = answers.slice(0, LOGIN_LIMIT).every((a) => a.status !== 429);
      expect({ name: c.name, allowed }).toEqual({ name: c.name, allowed: true });
      const over = answers[LOGIN_LIMIT];
      expectThrottled(over, 15 * 60);
      if (c.kept) expect({ name: c.name, kept: over.text.includes(c.kept) }).toEqual({ name: c.name, kept: true });
      expect(over.text).not.toContain('Wrong$pass1');
    }
  });

  it(`mail-sending POSTs: ${MAIL_PER_ADDRESS} per client address, then a 429 with the input kept`, async () => {
    const b = browser();
    const statuses = [];
    for (let i = 0; i < MAIL_PER_ADDRESS; i++) {
      const form = { email: uniqueEmail(`per-address-${i}`), nameEn: 'TANAKA TARO' };
      statuses.push((await b.submit('/forgot-id', '/forgot-id?lng=en', form)).status);
    }
    expect(statuses).toEqual(Array(MAIL_PER_ADDRESS).fill(200));
    const over = await b.submit('/forgot-id', '/forgot-id?lng=en', { email: 'last@example.test', nameEn: 'SATO HANA' });
    expectThrottled(over, 3600);
    expect(over.text).toContain('value="last@example.test"');
    expect(over.text).toContain('value="SATO HANA"');
  });

  it.each([
    ['an address with an account', true],
    ['an address without one', false],
  ])(
    `mail-sending POSTs: ${MAIL_PER_TARGET} per target address across forms and client addresses, case and spaces ignored (%s)`,
    async (_label, known) => {
      const target = uniqueEmail(known ? 'target-known' : 'target-unknown');
      const user = known ? await makeUser(t.portal, { email: target }) : undefined;
      const loginId = user?.loginId ?? 'NOSUCHUSER';
      const first = await browser().submit('/forgot-password', '/forgot-password?lng=en', {
        userId: loginId,
        email: target,
      });
      const second = await browser().submit('/forgot-id', '/forgot-id?lng=en', {
        email: target.toUpperCase(),
        nameEn: 'TANAKA TARO',
      });
      expect([first.status, second.status]).toEqual([200, 200]);
      const variant = `  ${target.replace(/^./, (c) => c.toUpperCase())} `;
      const over = await browser().submit('/forgot-password', '/forgot-password?lng=en', {
        userId: loginId,
        email: variant,
      });
      expectThrottled(over, 3600);
      expect(over.text).toContain(`value="${loginId}"`);
      // The registration form and the e-mail change count towards the same target.
      const reg = browser();
      await reg.submit('/register', '/register', { agree: '1' });
      expectThrottled(
        await reg.submit('/register/email', '/register/email?lng=en', { email: target, emailConfirm: target }),
        3600,
      );
      const { b } = await loggedIn('target-changer');
      const change = await b.submit('/mypage/email', '/mypage/email?lng=en', {
        currentPassword: GOOD_PASSWORD,
        email: target,
        emailConfirm: target,
      });
      expectThrottled(change, 3600);
      expect(change.text).toContain(`value="${target}"`);
      await flushMail(t.portal);
      expect((await waitForMail(target, known ? 2 : 0)).length).toBe(known ? 2 : 0);
    },
  );

  it(`one registration link buys at most ${DETAILS_PER_LINK} details POSTs, failed ones included, from any address`, async () => {
    const { b, link } = await verifiedRegistration(uniqueEmail('per-link'));
    const other = browser();
    expect((await other.get(link)).headers.get('location')).toBe('/register/details');
    const statuses = [];
    // Spread over two client addresses so that only the link's limit can stop them.
    for (let i = 0; i < DETAILS_PER_LINK; i++) {
      const who = i < LOGIN_LIMIT ? b : other;
      statuses.push((await who.submit('/register/details', '/register/details', details('short'))).status);
    }
    expect(statuses).toEqual(Array(DETAILS_PER_LINK).fill(422));
    expectThrottled(await other.submit('/register/details', '/register/details?lng=en', details()), 24 * 3600);
  });

  it('a completed registration link is dead in every session that opened it', async () => {
    const { b, link } = await verifiedRegistration(uniqueEmail('completed-link'));
    const other = browser();
    expect((await other.get(link)).headers.get('location')).toBe('/register/details');
    expect((await b.submit('/register/details', '/register/details', details())).status).toBe(303);
    const confirm = await b.get('/register/confirm');
    expect(
      (await b.agent.post('/register/confirm', { _csrf: csrfOf(confirm.text) }, { 'x-forwarded-for': b.ip })).status,
    ).toBe(303);
    const replay = await other.submit('/register/details', '/register/details?lng=en', details());
    expect(replay.status).toBe(410);
    expect((await other.get(link)).status).toBe(410);
  });
});
