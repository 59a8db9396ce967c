import { addressForPostalCode } from './address-lookup';

describe('address look-up by postal code', () => {
  it.each([
    ['1000014', '東京都千代田区永田町'],
    ['5300001', '大阪府大阪市北区梅田'],
    ['1040061', '東京都中央区銀座'],
    ['0600000', '北海道札幌市中央区'],
  ])('finds %s → %s', (code, address) => expect(addressForPostalCode(code)).toBe(address));

  it('knows nothing of an unused code', () => expect(addressForPostalCode('9999999')).toBeUndefined());
});
