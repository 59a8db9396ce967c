import { z } from 'zod';
import { emailField, nameEnField } from '@app/fields';

/** 利用者IDを忘れた場合: `email` + `nameEn`. */
export const forgotIdForm = z.object({ email: emailField, nameEn: nameEnField });

/** パスワードを忘れた場合: `userId` + `email`. */
export const forgotPasswordForm = z.object({
  userId: z
    .string({ error: 'validation.required' })
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'validation.required').max(64, 'validation.tooLong')),
  email: emailField,
});
