import { validateForm } from '@app/platform';
import { detailsForm, emailForm } from './registration.forms';

const ok = {
  password: 'Kawa$emi7Ritsu',
  passwordConfirm: 'Kawa$emi7Ritsu',
  nameEn: 'TANAKA TARO',
  phone: '09012345678',
};
const details = detailsForm(() => ({ userId: 'K7M2QX9HDA', email: 'taro@example.jp' }));

describe('emailForm', () => {
  it('accepts matching addresses', () =>
    expect(validateForm(emailForm, { email: ' Taro@Example.jp ', emailConfirm: 'taro@example.jp' })).toEqual({
      ok: true,
      values: { email: 'Taro@Example.jp', emailConfirm: 'taro@example.jp' },
    }));
  it('marks each field', () =>
    expect(validateForm(emailForm, { email: 'not-an-address', emailConfirm: '' })).toEqual({
      ok: false,
      errors: { email: ['validation.email'], emailConfirm: ['validation.required'] },
    }));
  it('refuses addresses that differ', () =>
    expect(validateForm(emailForm, { email: 'a@example.jp', emailConfirm: 'b@example.jp' })).toEqual({
      ok: false,
      errors: { emailConfirm: ['validation.emailMismatch'] },
    }));
  it('survives a missing body', () => expect(validateForm(emailForm, undefined).ok).toBe(false));
});

describe('detailsForm', () => {
  it.each([
    [{ category: 'foreign_national' }],
    [{ category: 'institution_staff', organizationName: 'ACME Japan KK' }],
    [{ category: 'lawyer', qualification: 'attorney', associationName: 'Tokyo Bar', registrationNumber: '12345' }],
    [{ category: 'legal_representative', relationship: 'parent' }],
  ])('accepts %j', (extra) => expect(validateForm(details, { ...ok, ...extra }).ok).toBe(true));

  it('raises a lower-case name to upper case', () => {
    const r = validateForm(details, { ...ok, category: 'foreign_national', nameEn: '  tanaka taro ' });
    expect(r.ok && r.values.nameEn).toBe('TANAKA TARO');
  });

  it.each([
    ['nameEn', 'TANAKA  TARO', 'validation.nameEn'],
    ['nameEn', 'TANAKA-TARO', 'validation.nameEn'],
    ['nameEn', 'ＴＡＮＡＫＡ', 'validation.nameEn'],
    ['nameEn', 'A'.repeat(105), 'validation.nameEnLength'],
    ['phone', '090-1234-5678', 'validation.phone'],
    ['phone', '090123456', 'validation.phone'],
    ['phone', '090123456789', 'validation.phone'],
    ['phone', '+0123', 'validation.phone'],
    ['phone', '+1234567890123456', 'validation.phone'],
    ['passwordConfirm', 'Other$emi7Ritsu', 'validation.passwordMismatch'],
    ['password', 'short', 'validation.password.tooShort'],
  ])('marks %s=%j with %s', (field, value, key) => {
    const r = validateForm(details, { ...ok, category: 'foreign_national', [field]: value });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[field]).toContain(key);
  });

  it('accepts 10- and 11-digit Japanese and E.164 numbers', () => {
    for (const phone of ['0312345678', '09012345678', '+819012345678', '+123456789012345']) {
      expect(validateForm(details, { ...ok, category: 'foreign_national', phone }).ok).toBe(true);
    }
  });

  it("requires the category's own fields", () => {
    const r = validateForm(details, { ...ok, category: 'lawyer', qualification: 'judge' });
    expect(r).toEqual({
      ok: false,
      errors: {
        qualification: ['validation.qualification'],
        associationName: ['validation.required'],
        registrationNumber: ['validation.required'],
      },
    });
  });

  it('reports every problem at once, category included', () => {
    const r = validateForm(details, { category: 'nonsense' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(Object.keys(r.errors).sort()).toEqual(['category', 'nameEn', 'password', 'passwordConfirm', 'phone']);
      expect(r.errors.category).toEqual(['validation.category']);
    }
  });

  it('refuses a password containing the user ID', () => {
    const r = validateForm(details, {
      ...ok,
      category: 'foreign_national',
      password: 'aK7M2QX9HDA#1',
      passwordConfirm: 'aK7M2QX9HDA#1',
    });
    expect(!r.ok && r.errors.password).toEqual(['validation.password.containsUserId']);
  });
});
