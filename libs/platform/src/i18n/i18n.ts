import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { i18n as I18n, TFunction } from 'i18next';
import { projectPath } from '../paths';
import { DEFAULT_LANGUAGE, LANGUAGE_CODES, Language } from './languages';

export type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** Reads locales/<lng>/<namespace>.json for every language. */
export function loadResources(dir = projectPath('locales')): Resources {
  const resources: Resources = {};
  for (const lng of LANGUAGE_CODES) {
    resources[lng] = {};
    for (const file of readdirSync(join(dir, lng)).filter((f) => f.endsWith('.json'))) {
      resources[lng][file.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(dir, lng, file), 'utf8')) as Record<
        string,
        unknown
      >;
    }
  }
  return resources;
}

let shared: I18n | undefined;

/** The process-wide i18next instance, initialised synchronously from the locale files. */
export function i18n(): I18n {
  if (shared) return shared;
  const resources = loadResources();
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: DEFAULT_LANGUAGE,
    fallbackLng: false,
    supportedLngs: [...LANGUAGE_CODES],
    nonExplicitSupportedLngs: false,
    load: 'currentOnly',
    ns: Object.keys(resources[DEFAULT_LANGUAGE]),
    defaultNS: 'common',
    initAsync: false,
    returnNull: false,
    interpolation: { escapeValue: false },
    saveMissing: false,
    missingKeyHandler: false,
    showSupportNotice: false,
  });
  shared = instance;
  return instance;
}

export const translator = (lng: Language): TFunction => i18n().getFixedT(lng);

// Templates ask for the same few hundred plain texts on every page; i18next resolves each anew (key
// parsing, namespace lookup, nesting) for the same answer. Bounded, in case a key ever came from data.
const plainTexts = new Map<Language, Map<string, string>>();
// The same for a text with values ("page {{page}} of {{pages}}"): i18next's interpolation costs far
// more than the lookup, and its answer depends on nothing but the language, key and values.
const interpolatedTexts = new Map<Language, Map<string, string>>();
const TEXTS_MAX = 20_000;
let watchingStore = false;

/** The remembered `t(key)` (with `values`) for `id` in `lng`'s table; all forgotten when resources are added. */
function remembered(
  table: Map<Language, Map<string, string>>,
  lng: Language,
  id: string,
  key: string,
  values?: Record<string, unknown>,
): string {
  if (!watchingStore) {
    i18n().store.on('added', () => {
      plainTexts.clear();
      interpolatedTexts.clear();
    });
    watchingStore = true;
  }
  let texts = table.get(lng);
  if (!texts) table.set(lng, (texts = new Map<string, string>()));
  let text = texts.get(id);
  if (text === undefined) {
    text = i18n().t(key, values ? { lng, ...values } : { lng });
    if (texts.size >= TEXTS_MAX) texts.clear();
    texts.set(id, text);
  }
  return text;
}

/** `i18n().t(key, { lng })` for a text without interpolation, remembered per language and key. */
export function plainText(key: string, lng: Language): string {
  return remembered(plainTexts, lng, key, key);
}

/** `i18n().t(key, { lng, ...values })`, remembered per language, key and values when all are plain. */
export function interpolatedText(key: string, lng: Language, values: Record<string, unknown>): string {
  for (const name in values) {
    const v = values[name];
    if (typeof v !== 'string' && !(typeof v === 'number' && Number.isFinite(v))) {
      return i18n().t(key, { lng, ...values });
    }
  }
  return remembered(interpolatedTexts, lng, JSON.stringify([key, values]), key, values);
}
