import type { z } from 'zod';
import { i18n, validateForm } from '@app/platform';

/** A bad argument found while running a command: printed without a stack trace, exit code 1. */
export class UsageError extends Error {}

/**
 * Parses a command's options through the zod schema the web forms use, so the CLI refuses exactly what
 * they refuse. `values` are keyed by the schema's field names and `flags` names the option each field
 * came from (`dateOfBirth` → `--birth`). Every problem becomes one line, `--option: <the English
 * message of the field rule>`, in a UsageError.
 */
export function parseOptions<S extends z.ZodType>(
  schema: S,
  values: Record<string, unknown>,
  flags: Record<string, string>,
): z.output<S> {
  const form = validateForm(schema, values);
  if (form.ok) return form.values;
  const lines = Object.entries(form.errors).flatMap(([field, keys]) =>
    keys.map((key) => `${flags[field] ?? field}: ${i18n().t(key, { lng: 'en' })}`),
  );
  throw new UsageError(lines.join('\n'));
}
