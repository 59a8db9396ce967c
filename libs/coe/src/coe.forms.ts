import { z } from 'zod';
import { isNationality } from './nationalities';
import { statusByCode } from './statuses';

const text = (max: number) =>
  z
    .string({ error: 'validation.required' })
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'validation.required').max(max, 'validation.tooLong'));

/**
 * 在留資格認定証明書の交付: the same fields for the office form and the JSON API (SPEC §7 names).
 * Messages are i18n keys; the API reports them per field in problem JSON.
 */
export const issueCoeSchema = z.object({
  recipientUserId: text(64),
  holderNameEn: z
    .string({ error: 'validation.required' })
    .transform((s) => s.trim().toUpperCase())
    .pipe(
      z
        .string()
        .min(1, 'validation.required')
        .max(104, 'validation.nameEnLength')
        .regex(/^[A-Z]+( [A-Z]+)*$/, 'validation.nameEn'),
    ),
  nationality: z
    .string({ error: 'validation.required' })
    .transform((s) => s.trim().toUpperCase())
    .refine(isNationality, 'coe:validation.nationality'),
  dateOfBirth: z
    .string({ error: 'validation.required' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'coe:validation.date')
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= '1900-01-01';
    }, 'coe:validation.date'),
  gender: z.enum(['male', 'female'], { error: 'coe:validation.gender' }),
  statusOfResidence: z
    .string({ error: 'validation.required' })
    .refine((c) => statusByCode(c)?.coeEligible === true, 'coe:validation.statusOfResidence'),
  issuingOffice: text(200),
});

export type IssueCoeInput = z.output<typeof issueCoeSchema>;
