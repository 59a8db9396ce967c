import { APPLICATION_NUMBER_PATTERN, generateApplicationNumber, isApplicationNumber } from './application-number';

describe('受付番号', () => {
  it('carries the filing year in Japan and a random tail', () => {
    // 2026-12-31 15:00 UTC is already 2027 in Japan.
    expect(generateApplicationNumber(new Date('2026-12-31T15:00:00Z'))).toMatch(/^A2027-/);
    const numbers = new Set(
      Array.from({ length: 2000 }, () => generateApplicationNumber(new Date('2026-04-01T00:00:00Z'))),
    );
    expect(numbers.size).toBe(2000);
    for (const n of numbers) expect(n).toMatch(APPLICATION_NUMBER_PATTERN);
  });

  it('recognises only its own format', () => {
    expect(isApplicationNumber('A2026-7KQ9M2XAPQ')).toBe(true);
    expect(isApplicationNumber('A2026-7KQ9M2XAP0')).toBe(false);
    expect(isApplicationNumber('E2026-7KQ9M2XA')).toBe(false);
    expect(isApplicationNumber(42)).toBe(false);
  });
});
