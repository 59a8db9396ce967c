import { formatDate, formatDateHour, formatDateTime, isoJapan } from './format';

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

  // The remembered strings must be exactly what Intl writes, at every second of a unit and across
  // the units' edges (the minute, and the day in Tokyo, 15:00 UTC).
  it.each(['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko', 'es', 'vi', 'tl'] as const)(
    'remembers what Intl writes in %s',
    (lng) => {
      const locale = lng === 'tl' ? 'fil' : lng;
      const intl = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Tokyo', ...o });
      const dateTime = intl({
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
      const date = intl({ year: 'numeric', month: 'long', day: 'numeric' });
      const edge = Date.UTC(2025, 11, 31, 14, 59, 0);
      for (let ms = edge - 3 * 60_000; ms < edge + 3 * 60_000; ms += 7_919) {
        for (const at of [new Date(ms), new Date(ms), new Date(ms + 86_400_000 * 40)]) {
          expect(formatDateTime(at, lng)).toBe(dateTime.format(at));
          expect(formatDate(at, lng)).toBe(date.format(at));
          expect(isoJapan(at)).toBe(new Date(at.getTime() + 9 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+09:00'));
        }
      }
    },
  );
  it('refuses an invalid date as Intl does', () => {
    expect(() => formatDateTime(new Date(NaN), 'ja')).toThrow(RangeError);
    expect(() => isoJapan(new Date(NaN))).toThrow(RangeError);
  });
  it('writes ISO with +09:00 across the day and before 1970', () => {
    expect(isoJapan(new Date('2025-07-23T15:30:45.678Z'))).toBe('2025-07-24T00:30:45+09:00');
    expect(isoJapan(new Date('1969-12-31T00:00:00.999Z'))).toBe('1969-12-31T09:00:00+09:00');
  });

  describe('to the hour (the receipt ledger, manual 5)', () => {
    const at = new Date('2025-07-23T06:57:30Z'); // 15:57 in Tokyo
    it.each([
      ['ja', '2025年7月23日15時'],
      ['zh-Hans', '2025年7月23日15时'],
      ['zh-Hant', '2025年7月23日15時'],
      ['ko', '2025년 7월 23일 15시'],
      ['en', 'July 23, 2025, 3 p.m.'],
      ['es', '23 de julio de 2025, 15 h'],
      ['vi', '15 giờ ngày 23 tháng 7 năm 2025'],
      ['tl', 'Hulyo 23, 2025, 3 PM'],
    ] as const)('writes %s as %s', (lng, text) => expect(formatDateHour(at, lng)).toBe(text));
    it('takes the day and hour in Japan time, midnight and noon included', () => {
      expect(formatDateHour(new Date('2025-07-23T15:00:00Z'), 'ja')).toBe('2025年7月24日0時');
      expect(formatDateHour(new Date('2025-07-23T15:00:00Z'), 'en')).toBe('July 24, 2025, 12 a.m.');
      expect(formatDateHour(new Date('2025-07-23T03:59:59Z'), 'en')).toBe('July 23, 2025, 12 p.m.');
      expect(formatDateHour(new Date('2025-07-23T14:59:59Z'), 'tl')).toBe('Hulyo 23, 2025, 11 PM');
    });
    it('remembers each hour apart from the next', () => {
      expect(formatDateHour(new Date('2025-07-23T06:59:59Z'), 'ja')).toBe('2025年7月23日15時');
      expect(formatDateHour(new Date('2025-07-23T07:00:00Z'), 'ja')).toBe('2025年7月23日16時');
    });
    it('refuses an invalid date', () => expect(() => formatDateHour(new Date(NaN), 'ko')).toThrow(RangeError));
  });
});
