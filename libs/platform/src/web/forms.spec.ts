import Handlebars from 'handlebars';
import { z } from 'zod';
import { FieldErrors, requiredText, validateForm } from './forms';
import { registerHelpers } from './view-engine';

const schema = z.object({
  password: requiredText(64).pipe(
    z.string().min(10, 'validation.passwordTooShort').regex(/\d/, 'validation.passwordDigit'),
  ),
  nameEn: requiredText(104),
  ticket: requiredText(10),
});

describe('validateForm', () => {
  it('gives an empty field "required" alone, not every format rule as well', () => {
    const result = validateForm(schema, { password: '', nameEn: '', ticket: 'x' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({ password: ['validation.required'], nameEn: ['validation.required'] });
  });

  it('keeps every rule a typed value breaks', () => {
    const result = validateForm(schema, { password: 'abc', nameEn: 'A', ticket: 'x' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.password).toEqual(['validation.passwordTooShort', 'validation.passwordDigit']);
  });
});

describe('the error summary names each field', () => {
  const hb = Handlebars.create();
  registerHelpers(hb);
  const summary = (lng: string, errors: FieldErrors) =>
    hb.compile('{{#each (errorList)}}[{{field}}|{{message}}]{{/each}}')({ lng, errors });

  it('writes the field label with its language colon, and the bare message where no shared label exists', () => {
    const errors = { nameEn: ['validation.required'], ticket: ['validation.required'] };
    const ja = summary('ja', errors);
    expect(ja).toContain('[nameEn|氏名（英字）：');
    expect(ja).toMatch(/\[ticket\|[^：|]+\]/);
    expect(summary('en', errors)).toMatch(/\[nameEn\|[^|]+: /);
  });
});
