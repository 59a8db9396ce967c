import { COE_NUMBER_PATTERN, generateCoeNumber, generateVerificationCode, initialsOf } from './coe-number';

describe('certificate numbers and codes', () => {
  it('carries the Japan-time year of issue', () => {
    expect(generateCoeNumber(new Date('2025-12-31T15:00:00Z'))).toMatch(/^E2026-/);
    expect(generateCoeNumber(new Date('2025-12-31T14:59:59Z'))).toMatch(/^E2025-/);
  });
  it('matches its pattern and does not repeat', () => {
    const all = Array.from({ length: 3000 }, () => generateCoeNumber(new Date('2026-04-01T00:00:00Z')));
    for (const n of all) expect(n).toMatch(COE_NUMBER_PATTERN);
    expect(new Set(all).size).toBe(3000);
  });
  it('makes long unguessable verification codes', () => {
    const c = generateVerificationCode();
    expect(c).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateVerificationCode()).not.toBe(c);
  });
  it('shows only initials', () => expect(initialsOf('NGUYEN VAN AN')).toBe('N. V. A.'));
});
