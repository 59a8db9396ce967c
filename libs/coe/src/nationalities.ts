import { readFileSync } from 'node:fs';
import { isLanguage, Language, projectPath } from '@app/platform';

/** One nationality (国籍・地域): its ISO 3166-1 codes and its name in each of the portal's languages. */
export type Nationality = { code: string; alpha2: string } & Record<Language, string>;

// The reviewed table (source and date inside; scripts/nationalities-table.js rebuilds it), read from the
// source tree like the statuses of residence, so every page, the PDF and the forms name a country alike.
const data = JSON.parse(readFileSync(projectPath('libs/coe/src/nationalities.json'), 'utf8')) as {
  countries: Nationality[];
};
export const NATIONALITIES: readonly Nationality[] = data.countries;
const byCode = new Map(NATIONALITIES.map((n) => [n.code, n]));

export const isNationality = (code: unknown): code is string => typeof code === 'string' && byCode.has(code);

/** The name of an ISO 3166-1 alpha-3 code in `lng` (Japanese for an unknown language, the code if unknown). */
export function nationalityName(code: string, lng: string): string {
  return byCode.get(code)?.[isLanguage(lng) ? lng : 'ja'] ?? code;
}

/** Every alpha-3 code with its name in `lng`, sorted by name, for select lists. */
export function nationalityOptions(lng: string): { code: string; name: string }[] {
  return NATIONALITIES.map(({ code }) => ({ code, name: nationalityName(code, lng) })).sort((a, b) =>
    a.name.localeCompare(b.name, lng),
  );
}
