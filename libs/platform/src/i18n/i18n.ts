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
