import { validateForm } from '@app/platform';
import { approvalForm } from './approval.forms';

const TODAY = '2026-04-01';
const good = {
  gender: 'female',
  dateOfBirth: '1990-05-06',
  postalCode: '530-0001',
  address: ' 大阪府大阪市北区梅田1-1  ',
};

describe('approval form (利用申出)', () => {
  it('accepts real details and normalizes postal code and address', () => {
    expect(validateForm(approvalForm(TODAY), good)).toEqual({
      ok: true,
      values: {
        gender: 'female',
        dateOfBirth: '1990-05-06',
        postalCode: '5300001',
        address: '大阪府大阪市北区梅田1-1',
      },
    });
  });

  it.each([
    [{ gender: 'other' }, { gender: ['validation.gender'] }],
    [{ gender: undefined }, { gender: ['validation.gender'] }],
    [{ dateOfBirth: '' }, { dateOfBirth: ['validation.required'] }],
    [{ dateOfBirth: '1990-02-30' }, { dateOfBirth: ['validation.date'] }],
    [{ dateOfBirth: '1990/05/06' }, { dateOfBirth: ['validation.date'] }],
    [{ dateOfBirth: '2026-04-02' }, { dateOfBirth: ['validation.dateOfBirthRange'] }],
    [{ dateOfBirth: '1899-12-31' }, { dateOfBirth: ['validation.dateOfBirthRange'] }],
    [{ postalCode: '' }, { postalCode: ['validation.required'] }],
    [{ postalCode: '12345' }, { postalCode: ['validation.postalCode'] }],
    [{ address: '   ' }, { address: ['validation.required'] }],
    [{ address: 'あ'.repeat(201) }, { address: ['validation.tooLong'] }],
  ])('refuses %j next to the field', (change, errors) => {
    expect(validateForm(approvalForm(TODAY), { ...good, ...change })).toEqual({ ok: false, errors });
  });

  it('takes today (Japan) as a date of birth, but not tomorrow', () => {
    expect(validateForm(approvalForm(TODAY), { ...good, dateOfBirth: TODAY }).ok).toBe(true);
  });
});
