import { z } from 'zod';

/** 利用者ログイン: both fields required; the ID is trimmed, the password taken exactly as typed. */
export const loginForm = z.object({
  userId: z
    .string({ error: 'validation.required' })
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'validation.required')),
  password: z.string({ error: 'validation.required' }).min(1, 'validation.required'),
});
