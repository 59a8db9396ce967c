import { isOfficerLoginId, nextLoginStep, PENDING_LOGIN_MS, pendingExpired } from './login-policy';

describe('officer login policy', () => {
  it('asks for a new password first, then TOTP enrolment, then the code', () => {
    const enrolled = new Date('2026-04-01T00:00:00Z');
    expect(nextLoginStep({ mustChangePassword: true, totpEnabledAt: null })).toBe('/password/new');
    expect(nextLoginStep({ mustChangePassword: true, totpEnabledAt: enrolled })).toBe('/password/new');
    expect(nextLoginStep({ mustChangePassword: false, totpEnabledAt: null })).toBe('/totp/setup');
    expect(nextLoginStep({ mustChangePassword: false, totpEnabledAt: enrolled })).toBe('/totp');
  });

  it('ends a half-way login at exactly 10 minutes', () => {
    const since = Date.parse('2026-04-01T00:00:00Z');
    expect(pendingExpired(since, new Date(since + PENDING_LOGIN_MS - 1))).toBe(false);
    expect(pendingExpired(since, new Date(since + PENDING_LOGIN_MS))).toBe(true);
  });

  it.each([
    ['SATO.K', true],
    ['k-tanaka_01', true],
    ['ab', false],
    ['.hidden', false],
    ['has space', false],
    ['佐藤', false],
    ['a'.repeat(33), false],
  ])('officer ID %j valid: %s', (id, ok) => {
    expect(isOfficerLoginId(id)).toBe(ok);
  });
});
