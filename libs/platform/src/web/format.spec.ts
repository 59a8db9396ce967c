import { formatDate, formatDateHour, formatDateTime, isoJapan } from './format';

describe('format', () => {
  const d = new Date('2025-07-23T06:00:00Z'); // 15:00 in Tokyo

  it('shows Japan time in Japanese', () => expect(formatDateTime(d, 'ja')).toBe('2025年7月23日 15:00'));
  it('shows Japan time in English', () => expect(formatDateTime(d, 'en')).toContain('15:00'));
  it('crosses the date line into Japan', () =>
    expect(formatDate(new Date('2025-07-23T15:30:00Z'), 'ja')).toBe('2025年7月24日'));
  it('writes ISO with +09:00', () => expect(isoJapan(d)).toBe('2025-07-23T15:00:00+09:00'));
  it.each(['zh-Hans', 'zh-Hant', 'ko', 'es', 'vi'] as const)('formats %s in 24-hour time', (lng) =>
    expect(formatDateTime(d, lng)).toMatch(/15/),
  );

  describe('each language in its own order (Japan time)', () => {
    const at = new Date('2025-07-23T06:05:00Z'); // 15:05 in Tokyo
    it.each([
      ['ja', '2025年7月23日 15:05', '2025年7月23日'],
      ['en', 'July 23, 2025 at 15:05', 'July 23, 2025'],
      ['zh-Hans', '2025年7月23日 15:05', '2025年7月23日'],
      ['zh-Hant', '2025年7月23日 15:05', '2025年7月23日'],
      ['ko', '2025년 7월 23일 15:05', '2025년 7월 23일'],
      ['es', '23 de julio de 2025, 15:05', '23 de julio de 2025'],
      ['vi', '15:05 ngày 23 tháng 7 năm 2025', 'ngày 23 tháng 7 năm 2025'],
      ['tl', 'Hulyo 23, 2025, 3:05 PM', 'Hulyo 23, 2025'],
    ] as const)('writes %s as "%s" and "%s"', (lng, dateTime, date) => {
      expect(formatDateTime(at, lng)).toBe(dateTime);
      expect(formatDate(at, lng)).toBe(date);
    });
    it('keeps the Japan day and hour at the edges', () => {
      const lateUtc = new Date('2025-07-23T15:00:00Z'); // midnight in Tokyo
      expect(formatDateTime(lateUtc, 'vi')).toBe('00:00 ngày 24 tháng 7 năm 2025');
      expect(formatDate(lateUtc, 'vi')).toBe('ngày 24 tháng 7 năm 2025');
      expect(formatDateTime(lateUtc, 'tl')).toBe('Hulyo 24, 2025, 12:00 AM');
      expect(formatDateTime(new Date('2025-07-23T03:09:00Z'), 'tl')).toBe('Hulyo 23, 2025, 12:09 PM');
      expect(formatDateTime(new Date('2025-12-31T14:59:00Z'), 'es')).toBe('31 de diciembre de 2025, 23:59');
    });
  });

  // The remembered strings must be exactly what Intl writes (or, for the orders written by hand, what
  // Intl's Japan-time parts give), at every second of a unit and across
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
      const parts = new Intl.DateTimeFormat('en-US', {
        timeZone: 'Asia/Tokyo',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
      const p = (at: Date) => Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, x.value]));
      const h12 = (h: number) => `${h % 12 || 12}`;
      const byHand: Partial<Record<typeof lng, { dateTime: (at: Date) => string; date?: (at: Date) => string }>> = {
        vi: {
          dateTime: (at) => `${p(at).hour}:${p(at).minute} ngày ${p(at).day} tháng ${p(at).month} năm ${p(at).year}`,
          date: (at) => `ngày ${p(at).day} tháng ${p(at).month} năm ${p(at).year}`,
        },
        es: { dateTime: (at) => `${date.format(at)}, ${p(at).hour}:${p(at).minute}` },
        tl: {
          dateTime: (at) =>
            `${date.format(at)}, ${h12(Number(p(at).hour))}:${p(at).minute} ${Number(p(at).hour) < 12 ? 'AM' : 'PM'}`,
        },
      };
      const expectedDateTime = byHand[lng]?.dateTime ?? ((at: Date) => dateTime.format(at));
      const expectedDate = byHand[lng]?.date ?? ((at: Date) => date.format(at));
      const edge = Date.UTC(2025, 11, 31, 14, 59, 0);
      for (let ms = edge - 3 * 60_000; ms < edge + 3 * 60_000; ms += 7_919) {
        for (const at of [new Date(ms), new Date(ms), new Date(ms + 86_400_000 * 40)]) {
          expect(formatDateTime(at, lng)).toBe(expectedDateTime(at));
          expect(formatDate(at, lng)).toBe(expectedDate(at));
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
