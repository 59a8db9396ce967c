import { z } from 'zod';
import { dateOfBirthField, genderField, nameEnField } from '@app/fields';
import { requiredText } from '@app/platform';
import { isNationality } from './nationalities';
import { statusByCode } from './statuses';

/** 国籍・地域: an ISO 3166-1 alpha-3 code of the nationalities table, typed in any case. */
export const nationalityField = z
  .string({ error: 'validation.required' })
  .transform((s) => s.trim().toUpperCase())
  .refine(isNationality, 'coe:validation.nationality');

/**
 * 在留資格認定証明書の交付: the same fields for the office form and the JSON API (SPEC §7 names).
 * `today` is the current date in Japan (a date of birth may not be later). Messages are i18n keys; the
 * API reports them per field in problem JSON.
 */
export const issueCoeSchema = (today: string) =>
  z.object({
    recipientUserId: requiredText(64),
    holderNameEn: nameEnField,
    nationality: nationalityField,
    dateOfBirth: dateOfBirthField(today),
    gender: genderField,
    statusOfResidence: z
      .string({ error: 'validation.required' })
      .refine((c) => statusByCode(c)?.coeEligible === true, 'coe:validation.statusOfResidence'),
    issuingOffice: requiredText(200),
  });

export type IssueCoeInput = z.output<ReturnType<typeof issueCoeSchema>>;

/** 取消し: the officer's reason, kept with the certificate and in the audit log. */
export const revokeCoeSchema = z.object({
  reason: z
    .string({ error: 'coe:validation.reason' })
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'coe:validation.reason').max(500, 'validation.tooLong')),
});
