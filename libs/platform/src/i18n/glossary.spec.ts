import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { PROJECT_ROOT } from '../paths';
import { forbids, loadGlossary, localeStrings, templateFiles, uses } from './glossary';
import { loadResources } from './i18n';
import { LANGUAGE_CODES, Language } from './languages';

const glossary = loadGlossary();
const resources = loadResources();
const texts = (lng: Language): [string, string][] =>
  Object.entries(localeStrings(resources, lng)).map(([k, v]) => [k, String(v)]);
const forbiddenOf = (lng: Language): [string, string][] =>
  Object.entries(glossary).flatMap(([id, term]) => (term.forbidden?.[lng] ?? []).map((f): [string, string] => [id, f]));

/** Template text outside {{…}} and tags: what a template would show without going through i18next. */
const literalText = (source: string): string =>
  source
    .replace(/{{!--[\s\S]*?--}}/g, ' ')
    .replace(/{{[\s\S]*?}}/g, ' ')
    .replace(/<[^>]*>/g, ' ');

describe('glossary (locales/glossary.json)', () => {
  it('covers the legal and system terms the issue lists', () => {
    expect(Object.values(glossary).map((t) => t.ja)).toEqual(
      expect.arrayContaining([
        '在留申請オンラインシステム',
        '在留資格認定証明書',
        '在留資格',
        '受領登録',
        '利用申出',
        '法定代理人',
        '行政書士',
        '所属機関',
        '利用者ID',
        '申請取次',
      ]),
    );
  });

  it.each(Object.keys(glossary))('%s has an approved rendering in every language and nothing else', (id) => {
    const term = glossary[id];
    expect(LANGUAGE_CODES.filter((lng) => typeof term[lng] !== 'string' || !term[lng].trim())).toEqual([]);
    expect(Object.keys(term).filter((k) => k !== 'forbidden' && !LANGUAGE_CODES.includes(k as Language))).toEqual([]);
    expect(Object.keys(term.forbidden ?? {}).filter((k) => !LANGUAGE_CODES.includes(k as Language))).toEqual([]);
  });

  it('never forbids a rendering it approves', () => {
    const clashes = LANGUAGE_CODES.flatMap((lng) =>
      Object.entries(glossary).flatMap(([id, term]) =>
        forbiddenOf(lng)
          .filter(([, f]) => forbids(term[lng], f))
          .map(([by, f]) => ({ lng, id, approved: term[lng], forbiddenBy: by, f })),
      ),
    );
    expect(clashes).toEqual([]);
  });

  it('finds a rendering only where it starts a word, in any case', () => {
    expect(uses('Nhập mã của bạn.', 'bạn')).toBe(true);
    expect(uses('10 hanggang 20 karakter', 'character')).toBe(false);
    expect(uses('Online Applications', 'online applications')).toBe(true);
    expect(uses('입력하세요.', '세요')).toBe(true);
    expect(forbids('Inyong password', '=Inyong password')).toBe(true);
    expect(forbids('I-reset ang inyong password.', '=Inyong password')).toBe(false);
  });

  it.each(LANGUAGE_CODES)('%s uses no forbidden rendering of a glossary term', (lng) => {
    const found = texts(lng).flatMap(([key, text]) =>
      forbiddenOf(lng)
        .filter(([, f]) => forbids(text, f))
        .map(([id, f]) => `${key}: "${f}" (${id} is "${glossary[id][lng]}")`),
    );
    expect(found).toEqual([]);
  });

  it.each(LANGUAGE_CODES)('%s uses the approved rendering of every term its Japanese texts use', (lng) => {
    const ja = texts('ja').map(([, t]) => t);
    const mine = texts(lng).map(([, t]) => t);
    const unused = Object.entries(glossary)
      .filter(([, term]) => ja.some((t) => t.includes(term.ja)))
      .filter(([, term]) => !mine.some((t) => uses(t, term[lng])))
      .map(([id, term]) => `${id}: "${term[lng]}"`);
    expect(unused).toEqual([]);
  });

  it('finds no forbidden rendering in the literal text of views and mail templates', () => {
    const templates = templateFiles();
    expect(templates.length).toBeGreaterThan(20);
    const found = templates.flatMap((file) => {
      const text = literalText(readFileSync(file, 'utf8'));
      return LANGUAGE_CODES.flatMap((lng) =>
        forbiddenOf(lng)
          .filter(([, f]) => forbids(text, f))
          .map(([id, f]) => `${relative(PROJECT_ROOT, file)}: "${f}" (${lng} ${id})`),
      );
    });
    expect(found).toEqual([]);
  });

  it.each(LANGUAGE_CODES)('%s ends no title with a full stop', (lng) => {
    const dotted = texts(lng)
      .filter(([key]) => /(^|[.:])\w*[tT]itle$/.test(key))
      .filter(([, text]) => /[.。．]$/.test(text.trim()))
      .map(([key]) => key);
    expect(dotted).toEqual([]);
  });
});
