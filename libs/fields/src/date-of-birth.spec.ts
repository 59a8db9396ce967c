import { validateForm } from '@app/platform';
import { z } from 'zod';
import { dateOfBirthField, isRealDate, japanToday } from './date-of-birth';

const form = (today: string) => z.object({ dateOfBirth: dateOfBirthField(today) });
const check = (today: string, dateOfBirth: unknown) => validateForm(form(today), { dateOfBirth });

describe('date of birth: a real date from 1900-01-01 to today (Japan)', () => {
  it.each([
    ['1900-01-01', true],
    ['1899-12-31', false],
    ['2026-04-01', true],
    ['2026-04-02', false],
    ['2090-01-01', false],
  ])('%s on 2026-04-01 → %s', (d, ok) => expect(check('2026-04-01', d).ok).toBe(ok));

  it('names the problem', () => {
    expect(check('2026-04-01', '')).toEqual({ ok: false, errors: { dateOfBirth: ['validation.required'] } });
    expect(check('2026-04-01', '1990-02-30')).toEqual({ ok: false, errors: { dateOfBirth: ['validation.date'] } });
    expect(check('2026-04-01', '2027-01-01')).toEqual({
      ok: false,
      errors: { dateOfBirth: ['validation.dateOfBirthRange'] },
    });
    expect(check('2026-04-01', 19900101)).toEqual({ ok: false, errors: { dateOfBirth: ['validation.required'] } });
  });

  it('knows real dates', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2025-02-29')).toBe(false);
    expect(isRealDate('2025-13-01')).toBe(false);
  });

  it('takes "today" in Japan time: 14:59:59Z is still the same day, 15:00Z the next', () => {
    expect(japanToday(new Date('2026-03-31T14:59:59Z'))).toBe('2026-03-31');
    expect(japanToday(new Date('2026-03-31T15:00:00Z'))).toBe('2026-04-01');
  });
});
