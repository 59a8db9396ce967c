import { validateForm } from '@app/platform';
import { loginForm } from './login.forms';

describe('login form', () => {
  it('trims the ID but takes the password exactly as typed', () =>
    expect(validateForm(loginForm, { userId: ' k7m2qx9hda ', password: ' pass word ' })).toEqual({
      ok: true,
      values: { userId: 'k7m2qx9hda', password: ' pass word ' },
    }));

  it.each([{}, { userId: '   ', password: '' }, { userId: ['A', 'B'], password: 1 }])(
    'requires both fields (%j)',
    (body) =>
      expect(validateForm(loginForm, body)).toEqual({
        ok: false,
        errors: { userId: ['validation.required'], password: ['validation.required'] },
      }),
  );
});
