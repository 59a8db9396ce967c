import { z } from 'zod';

/** 1234567 or 123-4567 (half- or full-width digits) → "1234567", else undefined. */
export function normalizePostalCode(input: string): string | undefined {
  const digits = input
    .trim()
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[-－ー‐]/, '');
  return /^\d{7}$/.test(digits) ? digits : undefined;
}

/** "123-4567" for display. */
export const formatPostalCode = (code: string | null): string | null =>
  code && /^\d{7}$/.test(code) ? `${code.slice(0, 3)}-${code.slice(3)}` : code;

/** A Japanese postal code (7 digits, a hyphen and full-width digits allowed), stored as 7 digits. */
export const postalCodeField = z.string({ error: 'validation.required' }).transform((s, ctx) => {
  if (!s.trim()) {
    ctx.addIssue({ code: 'custom', message: 'validation.required' });
    return '';
  }
  const code = normalizePostalCode(s);
  if (!code) ctx.addIssue({ code: 'custom', message: 'validation.postalCode' });
  return code ?? '';
});

export const ADDRESS_MAX = 200;

/** 住居地: runs of white space become one space; 1 to 200 characters. */
export const addressField = z
  .string({ error: 'validation.required' })
  .transform((s) => s.trim().replace(/\s+/g, ' '))
  .pipe(z.string().min(1, 'validation.required').max(ADDRESS_MAX, 'validation.tooLong'));
