import { z } from 'zod';

/** 氏名（英字） (SPEC §1, from the manual): capital letters A–Z and single spaces, at most 104 characters. */
export const NAME_EN_MAX = 104;
export const NAME_EN_PATTERN = /^[A-Z]+( [A-Z]+)*$/;

/** Whether `name` is already a well-formed English name (no trimming or raising done). */
export const isNameEn = (name: string): boolean => name.length <= NAME_EN_MAX && NAME_EN_PATTERN.test(name);

/** An English name as typed: trimmed and raised to capitals for the user, then held to the rule. */
export const nameEnField = z
  .string({ error: 'validation.required' })
  .transform((s) => s.trim().toUpperCase())
  .pipe(
    z
      .string()
      .min(1, 'validation.required')
      .max(NAME_EN_MAX, 'validation.nameEnLength')
      .regex(NAME_EN_PATTERN, 'validation.nameEn'),
  );
