import { matchLanguage, negotiateLanguage } from './languages';

describe('matchLanguage', () => {
  it.each([
    ['ja', 'ja'],
    ['ja-JP', 'ja'],
    ['en-US', 'en'],
    ['zh-CN', 'zh-Hans'],
    ['zh-SG', 'zh-Hans'],
    ['zh', 'zh-Hans'],
    ['zh-Hans-CN', 'zh-Hans'],
    ['zh-TW', 'zh-Hant'],
    ['zh-HK', 'zh-Hant'],
    ['zh-Hant', 'zh-Hant'],
    ['ko-KR', 'ko'],
    ['es-419', 'es'],
    ['vi', 'vi'],
    ['tl', 'tl'],
    ['fil-PH', 'tl'],
    ['fr-FR', undefined],
    ['', undefined],
  ])('%s -> %s', (tag, lng) => expect(matchLanguage(tag)).toBe(lng));
});

describe('negotiateLanguage', () => {
  it('honours q-values', () => expect(negotiateLanguage('fr;q=1, vi;q=0.5, en;q=0.8')).toBe('en'));
  it('skips unsupported languages', () => expect(negotiateLanguage('fr-FR, de;q=0.9, ko;q=0.1')).toBe('ko'));
  it('ignores q=0', () => expect(negotiateLanguage('en;q=0, es;q=0.2')).toBe('es'));
  it('returns undefined when nothing matches', () => expect(negotiateLanguage('fr, de')).toBeUndefined());
  it('returns undefined for no header', () => expect(negotiateLanguage(undefined)).toBeUndefined());
});
