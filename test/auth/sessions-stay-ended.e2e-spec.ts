import bcrypt from 'bcrypt';
import { DataSource } from 'typeorm';
import { UsersRepository } from '@app/accounts';
import { queryRows } from '@app/platform';
import { csrfOf, GOOD_PASSWORD, linkIn, submit, uniqueEmail, waitForMail } from '../support/accounts';
import { usePortal } from '../support/apps';
import { loggedInAgent, makeUser, TestUser } from '../support/factories';
import { whileBusy } from '../support/hammer';
import { Agent } from '../support/http';
import { flushMail, login } from '../support/portal-flows';

const ROUNDS = 5;
/** Each round keeps 20 requests in flight: more than Jest's default allows on a busy 2-core machine. */
const ROUNDS_TIMEOUT = 120_000;
const NEW_PASSWORD = 'Nagoya#2026Sky';

/**
 * Issue 10 item 1: a session ended by a password change, a reset or a lock stays ended, even while
 * requests on it are in flight (each of them re-saves the session row; one that loaded it before the
 * DELETE writes it back after).
 */
describe('portal sessions stay ended under concurrent requests', () => {
  const t = usePortal();
  const db = () => t.portal.app.get(DataSource);

  /** A logged-in user's session is over: its next request is treated as logged out. */
  const expectLoggedOut = async (agent: Agent) => {
    const res = await agent.get('/mypage');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?returnTo=%2Fmypage');
  };
  const revocations = async (user: TestUser) =>
    (
      await queryRows<{ n: string }>(
        db(),
        `SELECT count(*) AS n FROM audit_log WHERE event = 'session.revoked' AND user_id = $1`,
        [user.id],
      )
    )[0].n;

  it(
    `ends the other session on a password change from my page (${ROUNDS} rounds)`,
    async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const user = await makeUser(t.portal, { email: uniqueEmail(`busy-change-${round}`) });
        const stolen = await loggedInAgent(t.portal, user);
        const owner = await loggedInAgent(t.portal, user);
        const page = await owner.get('/mypage/password');
        const { result, requests } = await whileBusy(stolen, '/mypage', t.portal.clock, () =>
          owner.post('/mypage/password', {
            _csrf: csrfOf(page.text),
            currentPassword: GOOD_PASSWORD,
            password: NEW_PASSWORD,
            passwordConfirm: NEW_PASSWORD,
          }),
        );
        expect(result.status).toBe(200);
        expect(requests).toBeGreaterThan(20);
        await expectLoggedOut(stolen);
        expect((await owner.get('/mypage')).status).toBe(200); // the session that changed it goes on
        expect(Number(await revocations(user))).toBeGreaterThan(0);
      }
    },
    ROUNDS_TIMEOUT,
  );

  it(
    `ends every session on a reset through the mailed link (${ROUNDS} rounds)`,
    async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const email = uniqueEmail(`busy-reset-${round}`);
        const user = await makeUser(t.portal, { email });
        const stolen = await loggedInAgent(t.portal, user);
        await submit(new Agent(t.portal.url), '/forgot-password', '/forgot-password', { userId: user.loginId, email });
        await flushMail(t.portal);
        const link = linkIn((await waitForMail(email, 1))[0], '/reset-password?token=');
        const owner = new Agent(t.portal.url);
        const form = await owner.get(link);
        const { result } = await whileBusy(stolen, '/mypage', t.portal.clock, () =>
          owner.post('/reset-password', {
            _csrf: csrfOf(form.text),
            token: new URLSearchParams(link.split('?')[1]).get('token')!,
            password: NEW_PASSWORD,
            passwordConfirm: NEW_PASSWORD,
          }),
        );
        expect(result.status).toBe(200);
        await expectLoggedOut(stolen);
        expect((await login(new Agent(t.portal.url), user.loginId, NEW_PASSWORD)).status).toBe(303);
      }
    },
    ROUNDS_TIMEOUT,
  );

  it(
    `ends every session when the account locks (${ROUNDS} rounds)`,
    async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const user = await makeUser(t.portal, { email: uniqueEmail(`busy-lock-${round}`) });
        const stolen = await loggedInAgent(t.portal, user);
        const guesser = new Agent(t.portal.url);
        for (let i = 0; i < 4; i++) expect((await login(guesser, user.loginId, `wrong-${i}`)).status).toBe(401);
        const page = await guesser.get('/login');
        const { result } = await whileBusy(stolen, '/mypage', t.portal.clock, () =>
          guesser.post('/login', { _csrf: csrfOf(page.text), userId: user.loginId, password: 'wrong-5' }),
        );
        expect(result.status).toBe(401);
        const [{ locked_until }] = await queryRows<{ locked_until: Date | null }>(
          db(),
          `SELECT locked_until FROM app_user WHERE id = $1`,
          [user.id],
        );
        expect(locked_until).not.toBeNull();
        await expectLoggedOut(stolen);
      }
    },
    ROUNDS_TIMEOUT,
  );

  it('ends the session when the account is gone, and keeps a session whose credentials did not change', async () => {
    const user = await makeUser(t.portal, { email: uniqueEmail('gone') });
    const kept = await loggedInAgent(t.portal, user);
    for (let i = 0; i < 3; i++) expect((await kept.get('/mypage')).status).toBe(200);
    await db().query(`UPDATE app_user SET credentials_version = credentials_version + 1 WHERE id = $1`, [user.id]);
    await expectLoggedOut(kept);
    const other = await makeUser(t.portal, { email: uniqueEmail('gone2') });
    const agent = await loggedInAgent(t.portal, other);
    await db().query(`DELETE FROM app_user WHERE id = $1`, [other.id]);
    await expectLoggedOut(agent);
  });
});

/** Issue 10 item 7: legacy hashes are upgraded at a successful login. */
describe('legacy password hashes', () => {
  const t = usePortal({ BCRYPT_COST: '5' });

  const hashOf = async (id: string) =>
    (await t.portal.app.get(UsersRepository).findById(id, undefined, true))!.passwordHash;

  it('rehashes a cost-4 hash at the configured cost on login; the same password still works', async () => {
    const user = await makeUser(t.portal, { email: uniqueEmail('legacy-hash') });
    const legacy = await bcrypt.hash(GOOD_PASSWORD, 4);
    await t.portal.app.get(DataSource).query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [user.id, legacy]);
    expect((await login(new Agent(t.portal.url), user.loginId, 'not-the-password')).status).toBe(401);
    expect(await hashOf(user.id)).toBe(legacy); // a wrong password changes nothing
    const agent = await loggedInAgent(t.portal, user);
    const upgraded = await hashOf(user.id);
    expect(bcrypt.getRounds(upgraded)).toBe(5);
    expect(await bcrypt.compare(GOOD_PASSWORD, upgraded)).toBe(true);
    expect((await agent.get('/mypage')).status).toBe(200); // not a credentials change: the login stands
    expect((await login(new Agent(t.portal.url), user.loginId, GOOD_PASSWORD)).status).toBe(303);
    expect(await hashOf(user.id)).toBe(upgraded); // once upgraded, left alone
  });
});
