import { i18n, plainText } from './i18n';
import { LANGUAGE_CODES } from './languages';

describe('plainText (the templates’ remembered texts)', () => {
  it('answers what i18next answers, in every language, the first time and after', () => {
    for (const lng of LANGUAGE_CODES)
      for (const key of ['site.name', 'coe:ledger.title', 'no.such.key']) {
        expect(plainText(key, lng)).toBe(i18n().t(key, { lng }));
        expect(plainText(key, lng)).toBe(i18n().t(key, { lng }));
      }
    expect(plainText('site.name', 'ja')).not.toBe(plainText('site.name', 'en'));
  });

  it('forgets what it remembered when texts are added', () => {
    expect(plainText('bench.only.key', 'en')).toBe('bench.only.key');
    i18n().addResource('en', 'common', 'bench.only.key', 'added later');
    expect(plainText('bench.only.key', 'en')).toBe('added later');
  });
});
