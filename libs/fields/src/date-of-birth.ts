import { z } from 'zod';
import { isoJapan } from '@app/platform';

/** A real calendar date written YYYY-MM-DD. */
export function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export const EARLIEST_DATE_OF_BIRTH = '1900-01-01';

/** Today's date in Japan (YYYY-MM-DD) at `now`; the last day a date of birth may be. */
export const japanToday = (now: Date): string => isoJapan(now).slice(0, 10);

/**
 * A date of birth: a real date written YYYY-MM-DD, from 1900-01-01 up to `today` (Japan, from the
 * injected clock). One rule for the office forms, the API and the CLI.
 */
export const dateOfBirthField = (today: string) =>
  z
    .string({ error: 'validation.required' })
    .transform((s) => s.trim())
    .superRefine((s, ctx) => {
      if (!s) ctx.addIssue({ code: 'custom', message: 'validation.required' });
      else if (!isRealDate(s)) ctx.addIssue({ code: 'custom', message: 'validation.date' });
      else if (s < EARLIEST_DATE_OF_BIRTH || s > today)
        ctx.addIssue({ code: 'custom', message: 'validation.dateOfBirthRange' });
    });

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

/** 性別 as the agency records it. */
export const genderField = z.enum(GENDERS, { error: 'validation.gender' });
