import { addressForPostalCode, formatPostalCode, normalizePostalCode } from './postal-code';

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

  it.each([
    ['1000014', '東京都千代田区永田町'],
    ['5300001', '大阪府大阪市北区梅田'],
    ['1040061', '東京都中央区銀座'],
    ['0600000', '北海道札幌市中央区'],
  ])('finds %s → %s', (code, address) => expect(addressForPostalCode(code)).toBe(address));

  it('knows nothing of an unused code', () => expect(addressForPostalCode('9999999')).toBeUndefined());
  it('writes codes with a hyphen', () => expect(formatPostalCode('1000014')).toBe('100-0014'));
});
