import { tokenState } from './email-token.service';

describe('tokenState', () => {
  const issued = new Date('2026-04-01T00:00:00Z');
  const expiresAt = new Date(issued.getTime() + 24 * 3600_000);
  it('is valid at 23:59:59', () =>
    expect(tokenState({ expiresAt, usedAt: null }, new Date(issued.getTime() + 24 * 3600_000 - 1000))).toBe('valid'));
  it('is expired at 24:00:00', () => expect(tokenState({ expiresAt, usedAt: null }, expiresAt)).toBe('expired'));
  it('is used once used, whatever the time', () =>
    expect(tokenState({ expiresAt, usedAt: issued }, issued)).toBe('used'));
});
