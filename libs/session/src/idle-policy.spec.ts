import { IDLE_LIMIT_MS, sessionExpired, sessionExpiresAt } from './idle-policy';

describe('session policy', () => {
  const last = new Date('2026-04-01T00:00:00Z').getTime();
  it('is valid at 2:59:59.999', () => expect(sessionExpired(last, new Date(last + IDLE_LIMIT_MS - 1))).toBe(false));
  it('expires at exactly 3:00:00', () => expect(sessionExpired(last, new Date(last + IDLE_LIMIT_MS))).toBe(true));
  it('reports the expiry time', () => expect(sessionExpiresAt(last).toISOString()).toBe('2026-04-01T03:00:00.000Z'));
});
