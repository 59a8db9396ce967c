import { z } from 'zod';
import { emailField, nameEnField } from '@app/fields';
import { requiredText } from '@app/platform';

/** 利用者IDを忘れた場合: `email` + `nameEn`. */
export const forgotIdForm = z.object({ email: emailField, nameEn: nameEnField });

/** パスワードを忘れた場合: `userId` + `email`. */
export const forgotPasswordForm = z.object({
  userId: requiredText(64),
  email: emailField,
});
