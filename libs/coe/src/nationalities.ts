import countries from 'i18n-iso-countries';

// Names come from i18n-iso-countries' own data, registered for the languages we show.
for (const lng of ['ja', 'en', 'zh', 'ko', 'es', 'vi']) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  countries.registerLocale(require(`i18n-iso-countries/langs/${lng}.json`) as countries.LocaleData);
}

const nameLanguage = (lng: string): string => (lng.startsWith('zh') ? 'zh' : lng === 'tl' ? 'en' : lng);

export const isNationality = (code: unknown): code is string =>
  typeof code === 'string' && /^[A-Z]{3}$/.test(code) && countries.isValid(code);

/** The name of an ISO 3166-1 alpha-3 country in `lng` (English where the package has no translation). */
export function nationalityName(code: string, lng: string): string {
  return countries.getName(code, nameLanguage(lng)) ?? countries.getName(code, 'en') ?? code;
}

/** Every alpha-3 code with its name in `lng`, sorted by name, for select lists. */
export function nationalityOptions(lng: string): { code: string; name: string }[] {
  return Object.keys(countries.getAlpha3Codes())
    .map((code) => ({ code, name: nationalityName(code, lng) }))
    .sort((a, b) => a.name.localeCompare(b.name, lng));
}
