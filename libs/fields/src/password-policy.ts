import { dictionary } from '@zxcvbn-ts/language-common';
import { z } from 'zod';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 20;
/** The only symbols the manual allows. */
export const PASSWORD_SYMBOLS = '$%&=@_#*+-?!';

const COMMON = new Set((dictionary as Record<string, string[]>)['passwords-common']);
const LEET: Record<string, string> = {
  '@': 'a',
  '4': 'a',
  '0': 'o',
  '1': 'i',
  '!': 'i',
  '3': 'e',
  $: 's',
  '5': 's',
  '7': 't',
};

/** Whether the password is a well-known one dressed up with capitals, leetspeak and a suffix. */
function isCommon(password: string): boolean {
  const unleet = (s: string) => [...s].map((c) => LEET[c] ?? c).join('');
  const lower = password.toLowerCase();
  const noSymbols = lower.replace(/[^a-z0-9]/g, '');
  const core = lower.replace(/[^a-z]+$/, '').replace(/^[^a-z]+/, '');
  return [lower, noSymbols, unleet(lower), core, unleet(core)].some((c) => c.length >= 4 && COMMON.has(c));
}

export type PasswordProblem =
  | 'password.tooShort'
  | 'password.tooLong'
  | 'password.invalidCharacters'
  | 'password.needsUpper'
  | 'password.needsLower'
  | 'password.needsDigit'
  | 'password.needsSymbol'
  | 'password.containsUserId'
  | 'password.containsEmail'
  | 'password.common';

/**
 * Every way `password` breaks the policy (SPEC §1), as i18n keys under `validation.`; empty when it
 * is acceptable. Used by registration, reset and change alike.
 */
export function passwordProblems(
  password: string,
  context: { userId?: string; email?: string } = {},
): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN) problems.push('password.tooShort');
  if (length > PASSWORD_MAX) problems.push('password.tooLong');
  const allowed = new RegExp(`^[A-Za-z0-9${PASSWORD_SYMBOLS.replace(/[-\\^$*+?.()|[\]{}]/g, '\\$&')}]*$`);
  if (!allowed.test(password)) problems.push('password.invalidCharacters');
  if (!/[A-Z]/.test(password)) problems.push('password.needsUpper');
  if (!/[a-z]/.test(password)) problems.push('password.needsLower');
  if (!/[0-9]/.test(password)) problems.push('password.needsDigit');
  if (![...password].some((c) => PASSWORD_SYMBOLS.includes(c))) problems.push('password.needsSymbol');
  const lower = password.toLowerCase();
  if (context.userId && context.userId.length >= 3 && lower.includes(context.userId.toLowerCase())) {
    problems.push('password.containsUserId');
  }
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 3 && lower.includes(local)) problems.push('password.containsEmail');
  if (problems.length === 0 && isCommon(password)) problems.push('password.common');
  return problems;
}

/** The password pair (`password`, `passwordConfirm`); policy problems are reported one key each on `password`. */
export function passwordPair(context: () => { userId?: string; email?: string }) {
  return z
    .object({
      password: z.string({ error: 'validation.required' }).min(1, 'validation.required'),
      passwordConfirm: z.string({ error: 'validation.required' }),
    })
    .superRefine((v, ctx) => {
      for (const p of passwordProblems(v.password, context())) {
        ctx.addIssue({ code: 'custom', path: ['password'], message: `validation.${p}` });
      }
      if (!v.passwordConfirm)
        ctx.addIssue({ code: 'custom', path: ['passwordConfirm'], message: 'validation.required' });
      else if (v.password !== v.passwordConfirm) {
        ctx.addIssue({ code: 'custom', path: ['passwordConfirm'], message: 'validation.passwordMismatch' });
      }
    });
}
