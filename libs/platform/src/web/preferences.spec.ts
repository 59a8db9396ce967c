import { chooseLanguage } from './preferences';

describe('chooseLanguage', () => {
  it('prefers ?lng=', () => expect(chooseLanguage('vi', 'en', 'ko')).toBe('vi'));
  it('then the cookie', () => expect(chooseLanguage(undefined, 'en', 'ko')).toBe('en'));
  it('then Accept-Language', () => expect(chooseLanguage(undefined, undefined, 'zh-TW,zh;q=0.9')).toBe('zh-Hant'));
  it('then Japanese', () => expect(chooseLanguage(undefined, undefined, 'fr')).toBe('ja'));
  it('ignores unknown codes', () => expect(chooseLanguage('xx', 'yy', undefined)).toBe('ja'));
  it('ignores arrays in the query', () => expect(chooseLanguage(['en', 'vi'], undefined, undefined)).toBe('ja'));
});
