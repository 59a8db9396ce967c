import { addCalendarMonthsJst } from './calendar';

const jst = (s: string) => new Date(`${s}+09:00`);

describe('addCalendarMonthsJst', () => {
  it.each([
    ['2025-07-23T15:00:00', '2025-10-23T15:00:00'],
    ['2025-11-30T10:00:00', '2026-02-28T10:00:00'],
    ['2027-11-30T10:00:00', '2028-02-29T10:00:00'],
    ['2025-10-31T23:59:59', '2026-01-31T23:59:59'],
    ['2025-12-31T08:00:00', '2026-03-31T08:00:00'],
    ['2026-01-31T00:30:00', '2026-04-30T00:30:00'],
  ])('%s JST + 3 months = %s JST', (from, to) => expect(addCalendarMonthsJst(jst(from), 3)).toEqual(jst(to)));

  it('counts months in Japan time, not UTC, across midnight UTC', () =>
    // 2025-01-31 08:00 JST is still Jan 30 in UTC; the Japanese date decides.
    expect(addCalendarMonthsJst(jst('2025-01-31T08:00:00'), 1)).toEqual(jst('2025-02-28T08:00:00')));
});
