import { z } from 'zod';

/** 氏名（英字） (SPEC §1, from the manual): capital letters A–Z and single spaces, at most 104 characters. */
export const NAME_EN_MAX = 104;
export const NAME_EN_PATTERN = /^[A-Z]+( [A-Z]+)*$/;

/** Whether `name` is already a well-formed English name (no trimming or raising done). */
export const isNameEn = (name: string): boolean => name.length <= NAME_EN_MAX && NAME_EN_PATTERN.test(name);

/**
 * Whether raising `typed` to capitals would turn a non-ASCII character into ASCII letters (ß → SS,
 * ﬁ → FI, ı → I, ſ → S). Such a name would pass the A–Z rule as something the user never typed, and the
 * spelling on the passport is theirs to give, so it is refused instead of rewritten (docs/decisions.md).
 */
export const raisesToNewLetters = (typed: string): boolean =>
  [...typed].some((c) => c.codePointAt(0)! > 0x7f && /[A-Z]/.test(c.toUpperCase()));

/** An English name as typed: trimmed and raised to capitals for the user, then held to the rule. */
export const nameEnField = z
  .string({ error: 'validation.required' })
  .refine((s) => !raisesToNewLetters(s), { error: 'validation.nameEnRaised', abort: true })
  .transform((s) => s.trim().toUpperCase())
  .pipe(
    z
      .string()
      .min(1, 'validation.required')
      .max(NAME_EN_MAX, 'validation.nameEnLength')
      .regex(NAME_EN_PATTERN, 'validation.nameEn'),
  );
