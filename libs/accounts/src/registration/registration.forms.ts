import { z } from 'zod';
import { requiredText } from '@app/platform';
import { CATEGORIES, QUALIFICATIONS, RELATIONSHIPS } from '../categories';
import { passwordProblems } from '../password-policy';

export const emailField = z
  .string({ error: 'validation.required' })
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'validation.required').max(254, 'validation.tooLong').pipe(z.email('validation.email')));

/** メールアドレス入力: `email` and `emailConfirm`, which must match (case-insensitively). */
export const emailForm = z
  .object({ email: emailField, emailConfirm: z.string({ error: 'validation.required' }).transform((s) => s.trim()) })
  .superRefine((v, ctx) => {
    if (!v.emailConfirm) ctx.addIssue({ code: 'custom', path: ['emailConfirm'], message: 'validation.required' });
    else if (v.emailConfirm.toLowerCase() !== v.email.toLowerCase()) {
      ctx.addIssue({ code: 'custom', path: ['emailConfirm'], message: 'validation.emailMismatch' });
    }
  });

/** 氏名（英字）: upper-case A–Z and single spaces, 1–104 characters (lower case is raised for the user). */
export const nameEnField = z
  .string({ error: 'validation.required' })
  .transform((s) => s.trim().toUpperCase())
  .pipe(
    z
      .string()
      .min(1, 'validation.required')
      .max(104, 'validation.nameEnLength')
      .regex(/^[A-Z]+( [A-Z]+)*$/, 'validation.nameEn'),
  );

/** Digits only: 10–11 for a Japanese number (starting 0), or + and up to 15 digits (E.164). */
export const phoneField = z
  .string({ error: 'validation.required' })
  .transform((s) => s.trim())
  .pipe(
    z
      .string()
      .min(1, 'validation.required')
      .regex(/^(0\d{9,10}|\+[1-9]\d{1,14})$/, 'validation.phone'),
  );

const optional = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** The password pair; policy problems are reported one key each on `password`. */
export function passwordPair(context: () => { userId?: string; email?: string }) {
  return z
    .object({
      password: z.string({ error: 'validation.required' }).min(1, 'validation.required'),
      passwordConfirm: z.string({ error: 'validation.required' }),
    })
    .superRefine((v, ctx) => {
      for (const p of passwordProblems(v.password, context())) {
        ctx.addIssue({ code: 'custom', path: ['password'], message: `validation.${p}` });
      }
      if (!v.passwordConfirm)
        ctx.addIssue({ code: 'custom', path: ['passwordConfirm'], message: 'validation.required' });
      else if (v.password !== v.passwordConfirm) {
        ctx.addIssue({ code: 'custom', path: ['passwordConfirm'], message: 'validation.passwordMismatch' });
      }
    });
}

/** 利用者登録: the common fields and the chosen category's own (SPEC §1). */
export function detailsForm(context: () => { userId?: string; email?: string }) {
  const base = z.object({
    category: z.enum(CATEGORIES, { error: 'validation.category' }),
    nameEn: nameEnField,
    phone: phoneField,
  });
  const byCategory = z.discriminatedUnion(
    'category',
    [
      z.object({ category: z.literal('institution_staff'), organizationName: requiredText(200) }),
      z.object({
        category: z.literal('lawyer'),
        qualification: z.enum(QUALIFICATIONS, { error: 'validation.qualification' }),
        associationName: requiredText(200),
        registrationNumber: requiredText(50).pipe(z.string().regex(/^[A-Za-z0-9-]+$/, 'validation.registrationNumber')),
      }),
      z.object({ category: z.literal('foreign_national') }),
      z.object({
        category: z.literal('legal_representative'),
        relationship: z.preprocess(optional, z.enum(RELATIONSHIPS, { error: 'validation.relationship' })),
      }),
    ],
    { error: 'validation.category' },
  );
  return z.intersection(z.intersection(base, passwordPair(context)), byCategory);
}

export type DetailsValues = z.output<ReturnType<typeof detailsForm>>;
