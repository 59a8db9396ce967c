import { z } from 'zod';
import { dateOfBirthField, postalCodeField } from '@app/fields';
import { parseOptions, UsageError } from './options';

const schema = z.object({ dateOfBirth: dateOfBirthField('2026-04-01'), postalCode: postalCodeField });
const flags = { dateOfBirth: '--birth', postalCode: '--postal' };

describe('parseOptions', () => {
  it('returns the values as the form normalizes them', () =>
    expect(parseOptions(schema, { dateOfBirth: '1990-05-06', postalCode: '530-0001' }, flags)).toEqual({
      dateOfBirth: '1990-05-06',
      postalCode: '5300001',
    }));

  it('names each refused option with the English message of its rule, one line each', () => {
    const parse = () => parseOptions(schema, { dateOfBirth: '2090-01-01', postalCode: '12' }, flags);
    expect(parse).toThrow(UsageError);
    expect(parse).toThrow(
      '--birth: Enter a date of birth between 1 January 1900 and today.\n--postal: Enter the postal code as 7 digits.',
    );
  });

  it('falls back to the field name for an option it was not told about', () =>
    expect(() => parseOptions(schema, { dateOfBirth: '1990-05-06' }, {})).toThrow(
      /^postalCode: Please fill this in\.$/,
    ));
});
