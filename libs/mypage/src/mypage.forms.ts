import { z } from 'zod';
import { addressField, emailPair, passwordPair, phoneField, postalCodeField } from '@app/fields';

const currentPassword = z.object({
  currentPassword: z.string({ error: 'validation.required' }).min(1, 'validation.required'),
});

/** メールアドレス変更: the current password, and the new address twice, checked as at registration. */
export const changeEmailForm = z.intersection(currentPassword, emailPair);

/** パスワード変更: the current password and the new one twice, under the one policy. */
export const changePasswordForm = (context: () => { userId?: string; email?: string }) =>
  z.intersection(currentPassword, passwordPair(context));

/** その他の情報の変更: phone for everyone; postal code and address only where allowed (see canChangeAddress). */
export const profileForm = (withAddress: boolean) =>
  withAddress
    ? z.object({ phone: phoneField, postalCode: postalCodeField, address: addressField })
    : z.object({ phone: phoneField });
