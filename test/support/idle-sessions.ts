import { GOOD_PASSWORD, uniqueEmail } from './accounts';
import { usePortal } from './apps';
import { makeUser } from './factories';
import { Agent } from './http';
import { login } from './portal-flows';

/**
 * A portal with one user for idle-rule tests: the clock starts at `t0` and is back there after each
 * test, `at(ms)` sets it to `t0 + ms`, and `loggedIn()` makes a new login at `t0`.
 */
export function useIdleSessions(label: string) {
  const t = usePortal();
  const t0 = new Date('2026-04-01T00:00:00Z');
  const user = { loginId: '' };
  beforeAll(async () => {
    user.loginId = (await makeUser(t.portal, { email: uniqueEmail(label) })).loginId;
  });
  afterEach(() => t.portal.clock.set(t0));
  const at = (ms: number) => t.portal.clock.set(new Date(t0.getTime() + ms));
  const loggedIn = async () => {
    t.portal.clock.set(t0);
    const agent = new Agent(t.portal.url);
    expect((await login(agent, user.loginId, GOOD_PASSWORD)).status).toBe(303);
    return agent;
  };
  return { t, t0, at, loggedIn, user };
}
