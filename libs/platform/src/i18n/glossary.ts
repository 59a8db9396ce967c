import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { projectPath } from '../paths';
import { Resources } from './i18n';
import { Language } from './languages';

/**
 * One legal or system term (locales/glossary.json): the approved rendering in every language, and the
 * renderings translators have used before that must not come back (docs/translation.md).
 */
export type GlossaryTerm = Record<Language, string> & { forbidden?: Partial<Record<Language, string[]>> };
export type Glossary = Record<string, GlossaryTerm>;

export const loadGlossary = (file = projectPath('locales', 'glossary.json')): Glossary =>
  JSON.parse(readFileSync(file, 'utf8')) as Glossary;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether `text` uses `rendering`, case-insensitively. A rendering that starts with a Latin letter must
 * start a word, so "character" is not found in "karakter" nor "bạn" in another syllable; CJK and Hangul
 * have no word spaces, so there any occurrence counts.
 */
export function uses(text: string, rendering: string): boolean {
  const wordStart = /^\p{Script=Latin}/u.test(rendering) ? '(?<![\\p{L}\\p{N}])' : '';
  return new RegExp(wordStart + escape(rendering), 'iu').test(text);
}

/**
 * Whether `text` uses the forbidden rendering `entry`. An entry starting with "=" forbids a whole text
 * (a label such as Tagalog "=Inyong password"), since the same words are right inside a sentence.
 */
export const forbids = (text: string, entry: string): boolean =>
  entry.startsWith('=') ? text.trim().toLowerCase() === entry.slice(1).toLowerCase() : uses(text, entry);

const flatten = (o: Record<string, unknown>, prefix = ''): [string, unknown][] =>
  Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? flatten(v as Record<string, unknown>, `${prefix}${k}.`) : [[`${prefix}${k}`, v]],
  );

/** Every text of `lng` as `namespace:dotted.key` → value. */
export const localeStrings = (resources: Resources, lng: Language): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(resources[lng]).flatMap(([ns, tree]) => flatten(tree).map(([k, v]) => [`${ns}:${k}`, v])),
  );

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));

/** Every Handlebars view and mail template in libs/ and apps/. */
export const templateFiles = (): string[] =>
  [...walk(projectPath('libs')), ...walk(projectPath('apps'))].filter((f) => f.endsWith('.hbs'));
