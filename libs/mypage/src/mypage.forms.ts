import { z } from 'zod';
import { emailForm, passwordPair, phoneField } from '@app/accounts';
import { normalizePostalCode } from './postal-code';

/** メールアドレス変更: the new address twice, checked as at registration. */
export const changeEmailForm = emailForm;

/** パスワード変更: the current password and the new one twice, under the one policy. */
export const changePasswordForm = (context: () => { userId?: string; email?: string }) =>
  z.intersection(
    z.object({ currentPassword: z.string({ error: 'validation.required' }).min(1, 'validation.required') }),
    passwordPair(context),
  );

export const postalCodeField = z.string({ error: 'validation.required' }).transform((s, ctx) => {
  const code = normalizePostalCode(s);
  if (!code) ctx.addIssue({ code: 'custom', message: 'validation.postalCode' });
  return code ?? '';
});

export const addressField = z
  .string({ error: 'validation.required' })
  .transform((s) => s.trim().replace(/\s+/g, ' '))
  .pipe(z.string().min(1, 'validation.required').max(200, 'validation.tooLong'));

/** その他の情報の変更: phone for everyone; postal code and address only where allowed (see canChangeAddress). */
export const profileForm = (withAddress: boolean) =>
  withAddress
    ? z.object({ phone: phoneField, postalCode: postalCodeField, address: addressField })
    : z.object({ phone: phoneField });
