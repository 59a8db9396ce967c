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
const plainTexts = new Map<string, string>();
const PLAIN_TEXTS_MAX = 20_000;
let watchingStore = false;

/** `i18n().t(key, { lng })` for a text without interpolation, remembered per language and key. */
export function plainText(key: string, lng: Language): string {
  const id = `${lng}\u0000${key}`;
  let text = plainTexts.get(id);
  if (text === undefined) {
    const instance = i18n();
    if (!watchingStore) {
      instance.store.on('added', () => plainTexts.clear());
      watchingStore = true;
    }
    text = instance.t(key, { lng });
    if (plainTexts.size >= PLAIN_TEXTS_MAX) plainTexts.clear();
    plainTexts.set(id, text);
  }
  return text;
}
