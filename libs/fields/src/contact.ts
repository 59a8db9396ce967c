import { z } from 'zod';

export const EMAIL_MAX = 254;

/** An e-mail address: trimmed, at most 254 characters, of the usual form. */
export const emailField = z
  .string({ error: 'validation.required' })
  .transform((s) => s.trim())
  .pipe(
    z.string().min(1, 'validation.required').max(EMAIL_MAX, 'validation.tooLong').pipe(z.email('validation.email')),
  );

/** Whether `s` (trimmed) is an address the e-mail field accepts, for readers of files rather than forms. */
export const isEmail = (s: string): boolean => emailField.safeParse(s).success;

/** An address and its confirmation (`email`, `emailConfirm`), which must match case-insensitively. */
export const emailPair = z
  .object({ email: emailField, emailConfirm: z.string({ error: 'validation.required' }).transform((s) => s.trim()) })
  .superRefine((v, ctx) => {
    if (!v.emailConfirm) ctx.addIssue({ code: 'custom', path: ['emailConfirm'], message: 'validation.required' });
    else if (v.emailConfirm.toLowerCase() !== v.email.toLowerCase()) {
      ctx.addIssue({ code: 'custom', path: ['emailConfirm'], message: 'validation.emailMismatch' });
    }
  });

/** A phone number, digits only: 10–11 for a Japanese number (starting 0), or + and up to 15 digits (E.164). */
export const PHONE_PATTERN = /^(0\d{9,10}|\+[1-9]\d{1,14})$/;

export const phoneField = z
  .string({ error: 'validation.required' })
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'validation.required').regex(PHONE_PATTERN, 'validation.phone'));
