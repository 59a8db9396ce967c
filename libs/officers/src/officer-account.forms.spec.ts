import { validateForm } from '@app/platform';
import { OFFICER_NAME_MAX, officerAccountForm } from './officer-account.forms';

describe('officer account form (officer:create)', () => {
  it('trims the ID and collapses white space in the name', () =>
    expect(validateForm(officerAccountForm, { loginId: ' SATO.K ', name: ' Sato   Keiko ' })).toEqual({
      ok: true,
      values: { loginId: 'SATO.K', name: 'Sato Keiko' },
    }));

  it.each([
    [{ loginId: 'ab', name: 'A' }, { loginId: ['officers:validation.loginId'] }],
    [{ loginId: '.hidden', name: 'A' }, { loginId: ['officers:validation.loginId'] }],
    [
      { loginId: '', name: ' ' },
      { loginId: ['validation.required'], name: ['validation.required'] },
    ],
    [{ loginId: 'SATO', name: 'x'.repeat(OFFICER_NAME_MAX + 1) }, { name: ['validation.tooLong'] }],
  ])('refuses %j', (body, errors) => expect(validateForm(officerAccountForm, body)).toEqual({ ok: false, errors }));
});
