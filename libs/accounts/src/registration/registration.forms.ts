import { z } from 'zod';
import { emailPair, nameEnField, passwordPair, phoneField } from '@app/fields';
import { requiredText } from '@app/platform';
import { CATEGORIES, QUALIFICATIONS, RELATIONSHIPS } from '../categories';

/** メールアドレス入力: `email` and `emailConfirm`, which must match (case-insensitively). */
export const emailForm = emailPair;

const optional = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

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
