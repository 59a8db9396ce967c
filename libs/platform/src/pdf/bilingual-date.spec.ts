import { calendarDate, japanDate, japanDateTime } from './bilingual-date';

describe('bilingual dates', () => {
  it('are the day in Japan time', () => {
    expect(japanDate(new Date('2025-07-23T06:00:00Z'))).toEqual({ ja: '2025年7月23日', en: '23 Jul 2025' });
    // 00:30 JST on 24 July is still 23 July in UTC.
    expect(japanDate(new Date('2025-07-23T15:30:00Z'))).toEqual({ ja: '2025年7月24日', en: '24 Jul 2025' });
    expect(japanDate(new Date('2025-09-30T14:59:59Z'))).toEqual({ ja: '2025年9月30日', en: '30 Sep 2025' });
  });

  it('take a date of birth as a calendar date', () => {
    expect(calendarDate('1998-04-05')).toEqual({ ja: '1998年4月5日', en: '5 Apr 1998' });
    expect(calendarDate('2000-02-29')).toEqual({ ja: '2000年2月29日', en: '29 Feb 2000' });
    expect(() => calendarDate('1998-4-5')).toThrow(RangeError);
    expect(() => calendarDate('2001-02-29')).toThrow(RangeError);
  });

  it('give an instant the minute in Japan time, labelled', () => {
    expect(japanDateTime(new Date('2025-07-23T15:30:00Z'))).toEqual({
      ja: '2025年7月24日 00:30（日本時間）',
      en: '24 Jul 2025, 00:30 JST',
    });
  });
});
