import { z } from 'zod';
import { OFFICER_ID_PATTERN } from './login-policy';

export const OFFICER_NAME_MAX = 100;

/** A new officer account (`officer:create`): the officer ID and the name the console shows. */
export const officerAccountForm = z.object({
  loginId: z
    .string({ error: 'validation.required' })
    .transform((s) => s.trim())
    .superRefine((s, ctx) => {
      if (!s) ctx.addIssue({ code: 'custom', message: 'validation.required' });
      else if (!OFFICER_ID_PATTERN.test(s)) ctx.addIssue({ code: 'custom', message: 'officers:validation.loginId' });
    }),
  name: z
    .string({ error: 'validation.required' })
    .transform((s) => s.trim().replace(/\s+/g, ' '))
    .pipe(z.string().min(1, 'validation.required').max(OFFICER_NAME_MAX, 'validation.tooLong')),
});

export type OfficerAccountInput = z.output<typeof officerAccountForm>;
