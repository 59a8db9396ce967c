import bcrypt from 'bcrypt';
import { csrfOf, GOOD_PASSWORD, submit, uniqueEmail } from '../support/accounts';
import { usePortal } from '../support/apps';
import { makeUser } from '../support/factories';
import { Agent } from '../support/http';

interface Answer {
  status: number;
  location: string | null;
  body: string;
  compares: number;
  hashes: number;
}

/**
 * What an observer of one request sees, and the bcrypt work it cost. Per-request tokens are removed,
 * and so is what the visitor typed (shown back to them on purpose), so answers can be compared.
 */
async function observe(typed: string[], send: () => Promise<{ status: number; headers: Headers; text: string }>) {
  const compare = jest.spyOn(bcrypt, 'compare');
  const hash = jest.spyOn(bcrypt, 'hash');
  try {
    const res = await send();
    let body = res.text.replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""');
    for (const t of typed) body = body.split(t).join('«typed»');
    return {
      status: res.status,
      location: res.headers.get('location'),
      body,
      compares: compare.mock.calls.length,
      hashes: hash.mock.calls.length,
    } satisfies Answer;
  } finally {
    compare.mockRestore();
    hash.mockRestore();
  }
}

const HOUR = 3600_000;

describe('no answer tells an existing account from an unknown one (issue 10, item 15)', () => {
  const t = usePortal();

  /** Each case's form posted from a new visitor's copy of `action`'s page (what they typed removed). */
  const answersTo = async (action: string, cases: Record<string, Record<string, string>>, typed: string[]) => {
    const answers: Record<string, Answer> = {};
    for (const [name, form] of Object.entries(cases)) {
      const agent = new Agent(t.portal.url);
      const shown = typed.map((field) => form[field]);
      answers[name] = await observe(shown, () => submit(agent, `${action}?lng=en`, action, form));
    }
    return answers;
  };

  /** Every case of a request answers exactly like the first. */
  const expectAlike = (answers: Record<string, Answer>) => {
    const [first, ...rest] = Object.entries(answers);
    for (const [name, answer] of rest) expect({ [name]: answer }).toEqual({ [name]: first[1] });
  };

  it('registration e-mail: an address with an account and a new one get the same answers', async () => {
    const existing = await makeUser(t.portal);
    const answers: Record<string, Answer> = {};
    for (const [name, email] of [
      ['new address', uniqueEmail('enum-new')],
      ['registered address', existing.email],
      ['registered address, other case', existing.email.toUpperCase()],
      // A warm-up would hide first-call work; run the new-address case again last.
      ['new address again', uniqueEmail('enum-new')],
    ] as const) {
      const agent = new Agent(t.portal.url);
      const terms = await agent.get('/register?lng=en');
      await agent.post('/register', { _csrf: csrfOf(terms.text), agree: '1' });
      const page = await agent.get('/register/email');
      answers[`${name}: post`] = await observe([email], () =>
        agent.post('/register/email', { _csrf: csrfOf(page.text), email, emailConfirm: email }),
      );
      answers[`${name}: sent page`] = await observe([email], () => agent.get('/register/sent'));
    }
    expect(answers['new address: post']).toMatchObject({ status: 303, location: '/register/sent', compares: 0 });
    for (const step of ['post', 'sent page']) {
      expectAlike(Object.fromEntries(Object.entries(answers).filter(([k]) => k.endsWith(step))));
    }
  });

  it('forgot ID: a matching e-mail and name, a wrong name and an unknown address get the same answer', async () => {
    const user = await makeUser(t.portal, { nameEn: 'SUZUKI HANAKO' });
    const staff = await makeUser(t.portal, { category: 'institution_staff', nameEn: null, legacy: true });
    const cases = {
      'unknown address': { email: uniqueEmail('enum-unknown'), nameEn: 'SUZUKI HANAKO' },
      match: { email: user.email, nameEn: 'SUZUKI HANAKO' },
      'wrong name': { email: user.email, nameEn: 'SUZUKI TARO' },
      'legacy staff without English name': { email: staff.email, nameEn: 'SUZUKI HANAKO' },
      'unknown address again': { email: uniqueEmail('enum-unknown'), nameEn: 'SUZUKI HANAKO' },
    };
    const answers = await answersTo('/forgot-id', cases, ['email', 'nameEn']);
    expect(answers.match).toMatchObject({ status: 200, compares: 0, hashes: 0 });
    expectAlike(answers);
  });

  it('forgot password: a matching ID and e-mail, a wrong e-mail and an unknown ID get the same answer', async () => {
    const user = await makeUser(t.portal);
    const cases = {
      'unknown ID': { userId: 'ZZZZZZZZZZ', email: user.email },
      match: { userId: user.loginId, email: user.email },
      'wrong e-mail': { userId: user.loginId, email: uniqueEmail('enum-other') },
      'unknown ID again': { userId: 'YYYYYYYYYY', email: user.email },
    };
    const answers = await answersTo('/forgot-password', cases, ['userId', 'email']);
    expect(answers.match).toMatchObject({ status: 200, compares: 0, hashes: 0 });
    expectAlike(answers);
  });

  it('login: unknown, wrong password, locked (right or wrong password) and legacy IDs cost one bcrypt comparison and answer alike', async () => {
    const now = t.portal.clock.now();
    const user = await makeUser(t.portal);
    const locked = await makeUser(t.portal, { failedLogins: 5, lockedUntil: new Date(now.getTime() + 12 * HOUR) });
    const legacy = await makeUser(t.portal, { loginId: 'SAKURA-0042', legacy: true });
    const cases = {
      'unknown ID': { userId: 'ZZZZZZZZZZ', password: GOOD_PASSWORD },
      'wrong password': { userId: user.loginId, password: 'Wrong$Pass123' },
      'locked, right password': { userId: locked.loginId, password: GOOD_PASSWORD },
      'locked, wrong password': { userId: locked.loginId, password: 'Wrong$Pass123' },
      'legacy ID, wrong password': { userId: legacy.loginId, password: 'Wrong$Pass123' },
      'unknown legacy-style ID': { userId: 'SAKURA-0043', password: 'Wrong$Pass123' },
      'unknown ID again': { userId: 'YYYYYYYYYY', password: GOOD_PASSWORD },
    };
    const answers = await answersTo('/login', cases, ['userId']);
    expect(answers['wrong password']).toMatchObject({ status: 401, compares: 1, hashes: 0 });
    expectAlike(answers);
  });
});
