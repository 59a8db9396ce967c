import { IDLE_LIMIT_MS, lastActivity, sessionExpired, sessionExpiresAt, storedActivityDue } from './idle-policy';

describe('session policy', () => {
  const last = new Date('2026-04-01T00:00:00Z').getTime();
  it('is valid at 2:59:59.999', () => expect(sessionExpired(last, new Date(last + IDLE_LIMIT_MS - 1))).toBe(false));
  it('expires at exactly 3:00:00', () => expect(sessionExpired(last, new Date(last + IDLE_LIMIT_MS))).toBe(true));
  it('reports the expiry time', () => expect(sessionExpiresAt(last).toISOString()).toBe('2026-04-01T03:00:00.000Z'));

  it('takes the signed time when later than the stored one, never one in the future', () => {
    const now = new Date(last + 60_000);
    expect(lastActivity(last, last + 30_000, now)).toBe(last + 30_000);
    expect(lastActivity(last, last - 30_000, now)).toBe(last);
    expect(lastActivity(last, undefined, now)).toBe(last);
    expect(lastActivity(last, last + 120_000, now)).toBe(last);
  });

  it('writes the stored time again only once it is 5 minutes old', () => {
    expect(storedActivityDue(last, new Date(last + 5 * 60_000 - 1))).toBe(false);
    expect(storedActivityDue(last, new Date(last + 5 * 60_000))).toBe(true);
  });
});
