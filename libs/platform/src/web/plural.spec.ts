import Handlebars from 'handlebars';
import { Language } from '../i18n/languages';
import { registerHelpers } from './view-engine';

const hb = Handlebars.create();
registerHelpers(hb);
const count = (lng: Language, n: number) => hb.compile('{{t "coe:office.ledger.count" count=n}}')({ lng, n });

describe('the t helper passes count, so i18next picks the plural form', () => {
  it.each([
    ['en', 1, '1 certificate'],
    ['en', 2, '2 certificates'],
    ['en', 0, '0 certificates'],
    ['es', 1, '1 certificado'],
    ['es', 3, '3 certificados'],
    ['es', 1_000_000, '1000000 de certificados'],
    ['ja', 1, '1件'],
    ['ko', 2, '2건'],
    ['tl', 4, 'Kabuuan: 4'],
  ] as const)('%s, %d: %s', (lng, n, text) => expect(count(lng, n)).toBe(text));
});
