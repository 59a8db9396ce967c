import { formatDate, formatDateTime, isoJapan } from './format';

describe('format', () => {
  const d = new Date('2025-07-23T06:00:00Z'); // 15:00 in Tokyo

  it('shows Japan time in Japanese', () => expect(formatDateTime(d, 'ja')).toBe('2025年7月23日 15:00'));
  it('shows Japan time in English', () => expect(formatDateTime(d, 'en')).toContain('15:00'));
  it('crosses the date line into Japan', () =>
    expect(formatDate(new Date('2025-07-23T15:30:00Z'), 'ja')).toBe('2025年7月24日'));
  it('writes ISO with +09:00', () => expect(isoJapan(d)).toBe('2025-07-23T15:00:00+09:00'));
  it.each(['zh-Hans', 'zh-Hant', 'ko', 'es', 'vi', 'tl'] as const)('formats %s', (lng) =>
    expect(formatDateTime(d, lng)).toMatch(/15/),
  );
});
