import { readFileSync } from 'node:fs';
import { localeStrings, loadGlossary, templateFiles } from './glossary';
import { loadResources } from './i18n';
import { LANGUAGE_CODES, Language } from './languages';

const resources = loadResources();
const glossary = loadGlossary();
const keysOf = (lng: Language): Record<string, unknown> => localeStrings(resources, lng);
const all = new Set(LANGUAGE_CODES.flatMap((l) => Object.keys(keysOf(l))));

// i18next's plural keys ("count_one", "count_other"). Every language carries the same forms — every form any
// of the eight languages' plural rules knows (Spanish needs _many) — so all locales have one key set and a
// tool comparing them finds nothing missing; i18next only ever picks the forms of the reader's language.
const PLURAL = /_(zero|one|two|few|many|other)$/;
const plurals = new Set([...all].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
const baseOf = (k: string): string =>
  PLURAL.test(k) && plurals.has(k.replace(PLURAL, '')) ? k.replace(PLURAL, '') : k;
const categories = (lng: Language): string[] =>
  [...new Intl.PluralRules(lng).resolvedOptions().pluralCategories].sort();
const formsOf = (mine: Record<string, unknown>, base: string): string[] =>
  Object.keys(mine)
    .filter((k) => k !== base && baseOf(k) === base)
    .map((k) => PLURAL.exec(k)![1])
    .sort();

describe('locales', () => {
  it.each(LANGUAGE_CODES)('%s has every key, none empty', (lng) => {
    const mine = keysOf(lng);
    const missing = [...all]
      .filter((k) => baseOf(k) === k)
      .filter((k) => {
        const v = mine[k];
        return typeof v !== 'string' || !v.trim();
      });
    expect(missing).toEqual([]);
    const empty = Object.keys(mine).filter((k) => typeof mine[k] !== 'string' || !String(mine[k]).trim());
    expect(empty).toEqual([]);
  });

  const everyForm = [...new Set(LANGUAGE_CODES.flatMap(categories))].sort();
  it.each(LANGUAGE_CODES)('%s has every plural form the eight languages know, its own among them', (lng) => {
    const mine = keysOf(lng);
    const wrong = [...plurals]
      .map((base) => ({ base, forms: formsOf(mine, base) }))
      .filter(({ forms }) => forms.join() !== everyForm.join() || !categories(lng).every((c) => forms.includes(c)));
    expect({ lng, wrong }).toEqual({ lng, wrong: [] });
  });

  it('knows the plural forms of each language', () => {
    expect(categories('ja')).toEqual(['other']);
    expect(categories('en')).toEqual(['one', 'other']);
    expect(categories('tl')).toEqual(['one', 'other']);
    expect(categories('es')).toContain('one');
    expect(plurals).toContain('coe:office.ledger.count');
  });

  it.each(['en', 'es', 'tl'] as const)('%s builds no plural by hand ("(s)")', (lng) => {
    const mine = keysOf(lng);
    expect(Object.keys(mine).filter((k) => /\w\((s|es|ies)\)/.test(String(mine[k])))).toEqual([]);
  });

  it.each(LANGUAGE_CODES.filter((l) => l !== 'ja'))('%s keeps the same {{placeholders}} as Japanese', (lng) => {
    const ja = keysOf('ja');
    const mine = keysOf(lng);
    const holes = (s: unknown) => [...String(s).matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
    // A plural form of any language keeps the placeholders of the Japanese _other form.
    const japanese = (k: string) => ja[baseOf(k) === k ? k : `${baseOf(k)}_other`];
    const wrong = Object.keys(mine).filter((k) => holes(japanese(k)).join() !== holes(mine[k]).join());
    expect(wrong).toEqual([]);
  });

  it('has a translation, not a copy of English, for most texts', () => {
    const en = keysOf('en');
    for (const lng of LANGUAGE_CODES.filter((l) => l !== 'en')) {
      const mine = keysOf(lng);
      // A loanword the glossary approves for this language (Tagalog "Password") is not a copy.
      const loanwords = new Set(Object.values(glossary).flatMap((term) => (term[lng] === term.en ? [term.en] : [])));
      const copied = Object.keys(en).filter(
        (k) => mine[k] === en[k] && /[a-z]{4,}/.test(String(en[k])) && !loanwords.has(String(en[k])),
      );
      expect({ lng, copied }).toEqual({ lng, copied: [] });
    }
  });

  it('defines every key that a template asks for', () => {
    const templates = templateFiles();
    const used = new Set<string>();
    for (const file of templates) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\{\{(?:t|label) "([^"]+)"/g)) {
        used.add(m[1].includes(':') ? m[1] : `common:${m[1]}`);
      }
    }
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((k) => !all.has(k) && !plurals.has(k))).toEqual([]);
  });
});
