import { z } from 'zod';

export type FieldErrors = Record<string, string[]>;
export type FormResult<T> = { ok: true; values: T } | { ok: false; errors: FieldErrors };

/**
 * Validates a posted form with a zod schema whose messages are i18n keys (under `validation.`).
 * Returns every problem per field, so the page can show each next to its field.
 */
export function validateForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, values: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '_form');
    const key = /^(\w+:)?validation\./.test(issue.message) ? issue.message : 'validation.invalid';
    const list = (errors[field] ??= []);
    if (!list.includes(key)) list.push(key);
  }
  // An empty field is missing, not badly written: it gets "required" alone, not every format rule as well.
  for (const list of Object.values(errors)) {
    if (list.length > 1 && list.includes(REQUIRED)) list.splice(0, list.length, REQUIRED);
  }
  return { ok: false, errors };
}

const REQUIRED = 'validation.required';

/** A required text field: trimmed, not empty, at most `max` characters. */
export const requiredText = (max: number) =>
  z
    .string({ error: 'validation.required' })
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'validation.required').max(max, 'validation.tooLong'));

/** Keeps only string fields of a posted body, for re-showing what the user typed. */
export function keptInput(body: unknown, omit: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body)) {
      if (typeof v === 'string' && !omit.includes(k) && k !== '_csrf') out[k] = v;
    }
  }
  return out;
}
