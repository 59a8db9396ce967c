import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import Handlebars from 'handlebars';
import { PROJECT_ROOT } from '../paths';
import { registerHelpers } from '../web/view-engine';
import { localeStrings, templateFiles } from './glossary';
import { loadResources } from './i18n';
import { Language } from './languages';

const resources = loadResources();
const FULL_WIDTH: Language[] = ['ja', 'zh-Hans', 'zh-Hant'];
// A CJK character (or closing bracket) followed by a half-width colon: 「ラベル: 値」.
const HALF_WIDTH_AFTER_CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々）」』】]:/u;

describe('colons after Japanese and Chinese labels', () => {
  it('finds the half-width colon after CJK, and not the full-width one', () => {
    expect(HALF_WIDTH_AFTER_CJK.test('利用者ID: ABC')).toBe(false); // after Latin letters, "ID:" is Latin
    expect(HALF_WIDTH_AFTER_CJK.test('有効期限: 2025年')).toBe(true);
    expect(HALF_WIDTH_AFTER_CJK.test('（日本時間）:')).toBe(true);
    expect(HALF_WIDTH_AFTER_CJK.test('有効期限：2025年')).toBe(false);
  });

  it.each(FULL_WIDTH)('%s writes none in its locale files', (lng) => {
    const found = Object.entries(localeStrings(resources, lng))
      .filter(([, v]) => HALF_WIDTH_AFTER_CJK.test(String(v)))
      .map(([k, v]) => `${k}: ${String(v)}`);
    expect(found).toEqual([]);
  });

  it('no template glues ": " to a translated label (the label helper does, per language)', () => {
    const glued = templateFiles().flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/{{t "[^"]+"[^}]*}}: /g)].map(
        (m) => `${relative(PROJECT_ROOT, file)}: ${m[0]}`,
      ),
    );
    expect(glued).toEqual([]);
  });

  it('writes the label with the colon of its language', () => {
    const hb = Handlebars.create();
    registerHelpers(hb);
    const line = (lng: Language) => hb.compile('{{label "mail:coe.common.number"}}E2025')({ lng });
    expect(line('ja')).toBe('在留資格認定証明書番号：E2025');
    expect(line('zh-Hans')).toMatch(/[^\s:]：E2025$/);
    expect(line('zh-Hant')).toMatch(/[^\s:]：E2025$/);
    for (const lng of ['en', 'ko', 'es', 'vi', 'tl'] as const) expect(line(lng)).toMatch(/[^\s:]: E2025$/);
  });
});
