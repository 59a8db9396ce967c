import { z } from 'zod';
import { passwordPair } from '@app/fields';
import { FieldErrors, requiredText } from '@app/platform';
import { isTotpFormat } from './totp';

/** Step 1 of the officer login. */
export const officerLoginForm = z.object({
  loginId: requiredText(64),
  password: z.string({ error: 'validation.required' }).min(1, 'validation.required').max(64, 'validation.tooLong'),
});

/** The officer's own password in place of the one-time one, under the applicants' policy. */
export const newPasswordForm = (loginId: string) => passwordPair(() => ({ userId: loginId }));

/** The policy speaks of a 利用者ID; for an officer the same rule is about the officer ID. */
export function forOfficer(errors: FieldErrors): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).map(([field, keys]) => [
      field,
      keys.map((k) => (k === 'validation.password.containsUserId' ? 'officers:password.containsLoginId' : k)),
    ]),
  );
}

/** A 6-digit code; spaces (as some apps show "123 456") are ignored. Returns the code or the errors. */
export function codeForm(body: unknown): { ok: true; code: string } | { ok: false; errors: FieldErrors } {
  const raw = (body as Record<string, unknown> | undefined)?.code;
  const code = typeof raw === 'string' ? raw.replace(/\s+/g, '') : '';
  if (!code) return { ok: false, errors: { code: ['validation.required'] } };
  if (!isTotpFormat(code)) return { ok: false, errors: { code: ['officers:totp.codeFormat'] } };
  return { ok: true, code };
}
