import { z } from 'zod';
import { normalizePostalCode } from '@app/mypage/postal-code';

/** A real calendar date written YYYY-MM-DD. */
export function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export const EARLIEST_DATE_OF_BIRTH = '1900-01-01';

/**
 * 利用申出の承認: the details the officer confirmed from the applicant's documents. `today` is the
 * current date in Japan (YYYY-MM-DD, from the injected clock); a date of birth after it is refused.
 * Messages are i18n keys, shown next to each field.
 */
export const approvalForm = (today: string) =>
  z.object({
    gender: z.enum(['male', 'female'], { error: 'admin:validation.gender' }),
    dateOfBirth: z
      .string({ error: 'validation.required' })
      .transform((s) => s.trim())
      .superRefine((s, ctx) => {
        if (!s) ctx.addIssue({ code: 'custom', message: 'validation.required' });
        else if (!isRealDate(s)) ctx.addIssue({ code: 'custom', message: 'admin:validation.date' });
        else if (s < EARLIEST_DATE_OF_BIRTH || s > today)
          ctx.addIssue({ code: 'custom', message: 'admin:validation.dateOfBirthRange' });
      }),
    postalCode: z.string({ error: 'validation.required' }).transform((s, ctx) => {
      if (!s.trim()) {
        ctx.addIssue({ code: 'custom', message: 'validation.required' });
        return '';
      }
      const code = normalizePostalCode(s);
      if (!code) ctx.addIssue({ code: 'custom', message: 'validation.postalCode' });
      return code ?? '';
    }),
    // The same rule as the applicant's own address change (mypage.forms addressField).
    address: z
      .string({ error: 'validation.required' })
      .transform((s) => s.trim().replace(/\s+/g, ' '))
      .pipe(z.string().min(1, 'validation.required').max(200, 'validation.tooLong')),
  });

export type ApprovalInput = z.output<ReturnType<typeof approvalForm>>;
