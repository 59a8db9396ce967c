import { formatPostalCode, normalizePostalCode } from './postal-code';

describe('postal codes', () => {
  it.each([
    ['1000014', '1000014'],
    ['100-0014', '1000014'],
    ['１００－００１４', '1000014'],
    [' 5300001 ', '5300001'],
    ['100001', undefined],
    ['10000145', undefined],
    ['abcdefg', undefined],
  ])('normalizes %j to %j', (input, out) => expect(normalizePostalCode(input)).toBe(out));

  it('writes codes with a hyphen', () => expect(formatPostalCode('1000014')).toBe('100-0014'));
});
