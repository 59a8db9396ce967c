import { readFileSync } from 'node:fs';
import { localeStrings, loadGlossary, templateFiles } from './glossary';
import { loadResources } from './i18n';
import { LANGUAGE_CODES, Language } from './languages';

const resources = loadResources();
const glossary = loadGlossary();
const keysOf = (lng: Language): Record<string, unknown> => localeStrings(resources, lng);
const all = new Set(LANGUAGE_CODES.flatMap((l) => Object.keys(keysOf(l))));

describe('locales', () => {
  it.each(LANGUAGE_CODES)('%s has every key, none empty', (lng) => {
    const mine = keysOf(lng);
    const missing = [...all].filter((k) => {
      const v = mine[k];
      return typeof v !== 'string' || !v.trim();
    });
    expect(missing).toEqual([]);
  });

  it.each(LANGUAGE_CODES.filter((l) => l !== 'ja'))('%s keeps the same {{placeholders}} as Japanese', (lng) => {
    const ja = keysOf('ja');
    const mine = keysOf(lng);
    const holes = (s: unknown) => [...String(s).matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
    const wrong = Object.keys(ja).filter((k) => holes(ja[k]).join() !== holes(mine[k]).join());
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
      for (const m of readFileSync(file, 'utf8').matchAll(/\{\{t "([^"]+)"/g)) {
        used.add(m[1].includes(':') ? m[1] : `common:${m[1]}`);
      }
    }
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((k) => !all.has(k))).toEqual([]);
  });
});
