import { LANGUAGE_CODES } from '@app/platform';
import { isNationality, NATIONALITIES, nationalityName, nationalityOptions } from './nationalities';

// Characters that exist only in one of the two Chinese scripts: a name with one is in the wrong script.
const SIMPLIFIED_ONLY = /[国湾门韩马尔亚兰岛东乌罗维伦约纳萨图绍]/;
const TRADITIONAL_ONLY = /[國灣門韓馬爾亞蘭島東烏羅維倫約納薩圖紹]/;

const names = (code: string) => LANGUAGE_CODES.map((l) => nationalityName(code, l));

describe('nationality table', () => {
  it('names every code in all eight languages', () => {
    expect(NATIONALITIES.length).toBeGreaterThanOrEqual(249);
    expect(new Set(NATIONALITIES.map((n) => n.code)).size).toBe(NATIONALITIES.length);
    for (const n of NATIONALITIES) {
      expect(n.code).toMatch(/^[A-Z]{3}$/);
      for (const lng of LANGUAGE_CODES)
        expect([n.code, lng, n[lng]?.trim()]).toEqual([n.code, lng, expect.any(String)]);
      expect(LANGUAGE_CODES.filter((lng) => !n[lng]?.trim()).map((lng) => `${n.code} ${lng}`)).toEqual([]);
    }
  });

  it('writes Chinese names in the script of each Chinese', () => {
    expect(NATIONALITIES.filter((n) => SIMPLIFIED_ONLY.test(n['zh-Hant'])).map((n) => n['zh-Hant'])).toEqual([]);
    expect(NATIONALITIES.filter((n) => TRADITIONAL_ONLY.test(n['zh-Hans'])).map((n) => n['zh-Hans'])).toEqual([]);
  });

  it('spells names out in English, as a certificate does', () => {
    for (const n of NATIONALITIES) expect(n.en).not.toMatch(/&|\bSt\.|SAR|Province of/);
  });

  // ja, en, zh-Hans, zh-Hant, ko, es, vi, tl
  it.each([
    ['TWN', ['台湾', 'Taiwan', '台湾', '台灣', '대만', 'Taiwán', 'Đài Loan', 'Taiwan']],
    ['KOR', ['韓国', 'Republic of Korea', '韩国', '韓國', '대한민국', 'Corea del Sur', 'Hàn Quốc', 'Timog Korea']],
    ['PRK', ['北朝鮮', 'North Korea', '朝鲜', '北韓', '북한', 'Corea del Norte', 'Triều Tiên', 'Hilagang Korea']],
    ['CHN', ['中国', 'China', '中国', '中國', '중국', 'China', 'Trung Quốc', 'China']],
    ['HKG', ['香港', 'Hong Kong', '香港', '香港', '홍콩', 'Hong Kong', 'Hồng Kông', 'Hong Kong']],
    ['MAC', ['マカオ', 'Macao', '澳门', '澳門', '마카오', 'Macao', 'Ma Cao', 'Macau']],
    ['PSE', ['パレスチナ', 'Palestine', '巴勒斯坦', '巴勒斯坦', '팔레스타인', 'Palestina', 'Palestine', 'Palestina']],
    ['XKK', ['コソボ', 'Kosovo', '科索沃', '科索沃', '코소보', 'Kosovo', 'Kosovo', 'Kosovo']],
    [
      'MKD',
      [
        '北マケドニア',
        'North Macedonia',
        '北马其顿',
        '北馬其頓',
        '북마케도니아',
        'Macedonia del Norte',
        'Bắc Macedonia',
        'Hilagang Macedonia',
      ],
    ],
    ['CZE', ['チェコ', 'Czechia', '捷克', '捷克', '체코', 'Chequia', 'Séc', 'Czechia']],
    ['VNM', ['ベトナム', 'Viet Nam', '越南', '越南', '베트남', 'Vietnam', 'Việt Nam', 'Vietnam']],
    ['MMR', ['ミャンマー', 'Myanmar', '缅甸', '緬甸', '미얀마', 'Myanmar', 'Myanmar', 'Myanmar']],
  ])('pins %s in all eight languages', (code, expected) => {
    expect(names(code)).toEqual(expected);
  });

  it('accepts only the codes of the table', () => {
    expect(isNationality('TWN')).toBe(true);
    for (const bad of ['TW', 'twn', 'ZZZ', 42, undefined]) expect(isNationality(bad)).toBe(false);
    expect(nationalityName('ZZZ', 'en')).toBe('ZZZ');
    expect(nationalityName('TWN', 'xx')).toBe('台湾');
  });

  it('sorts the select list by the reader’s names', () => {
    const ko = nationalityOptions('ko').map((o) => o.name);
    expect(ko).toEqual([...ko].sort((a, b) => a.localeCompare(b, 'ko')));
    expect(nationalityOptions('zh-Hant').find((o) => o.code === 'TWN')?.name).toBe('台灣');
  });
});
