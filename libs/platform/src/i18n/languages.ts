/** The eight languages of the portal (SPEC §3), named and ordered as the manual's menu shows them (1.6). */
export const LANGUAGES = [
  { code: 'ja', name: '日本語' },
  { code: 'en', name: 'English' },
  { code: 'zh-Hans', name: '中文(簡体字)' },
  { code: 'zh-Hant', name: '中文(繁体字)' },
  { code: 'ko', name: '한국어' },
  { code: 'es', name: 'Español' },
  { code: 'vi', name: 'Tiếng Việt' },
  { code: 'tl', name: 'Tagalog' },
] as const;

export type Language = (typeof LANGUAGES)[number]['code'];
export const LANGUAGE_CODES: readonly Language[] = LANGUAGES.map((l) => l.code);
export const DEFAULT_LANGUAGE: Language = 'ja';

/** Made once per language: a formatter (Intl.*) is costly to build and the same for every request. */
export const perLanguage = <T>(make: (lng: Language) => T): ((lng: Language) => T) => {
  const made = new Map<Language, T>();
  return (lng) => {
    let value = made.get(lng);
    if (value === undefined) made.set(lng, (value = make(lng)));
    return value;
  };
};

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (LANGUAGE_CODES as readonly string[]).includes(value);

/** Maps a BCP 47 tag as browsers send it (zh-TW, fil-PH, en-US…) to one of ours, or undefined. */
export function matchLanguage(tag: string): Language | undefined {
  const t = tag.trim().toLowerCase();
  if (!t) return undefined;
  const exact = LANGUAGE_CODES.find((c) => c.toLowerCase() === t);
  if (exact) return exact;
  const [primary, ...rest] = t.split('-');
  if (primary === 'zh') {
    if (rest.includes('hant') || rest.some((r) => ['tw', 'hk', 'mo'].includes(r))) return 'zh-Hant';
    return 'zh-Hans';
  }
  if (primary === 'fil') return 'tl';
  return LANGUAGE_CODES.find((c) => c === primary);
}

/** Picks the best of our languages from an Accept-Language header, honouring q-values. */
export function negotiateLanguage(acceptLanguage: string | undefined): Language | undefined {
  if (!acceptLanguage) return undefined;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((r) => r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const r of ranked) {
    const lng = matchLanguage(r.tag);
    if (lng) return lng;
  }
  return undefined;
}
