import { Language } from '../i18n/languages';

export const TIME_ZONE = 'Asia/Tokyo';

// Intl knows Tagalog as Filipino.
const intlLocale = (lng: Language): string => (lng === 'tl' ? 'fil' : lng);

const STYLES = {
  dateTime: {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  },
  date: { timeZone: TIME_ZONE, year: 'numeric', month: 'long', day: 'numeric' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;
type Style = keyof typeof STYLES;

// A new Intl.DateTimeFormat costs ~50× a format call and its ICU memory is not given back, so one per
// (language, style) for the life of the process: bounded by 8 languages × the styles above.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(lng: Language, style: Style): Intl.DateTimeFormat {
  const key = `${lng}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(intlLocale(lng), STYLES[style]);
    formatters.set(key, f);
  }
  return f;
}

// What a style shows changes only from one minute (dateTime), Japan day (date) or second (iso) to the
// next, and a page shows the same dates again (a ledger page, reloaded or paged back): each table
// remembers its strings by that unit, bounded and emptied when full (Japan has no summer time, so a
// unit is always the same span of real time).
const REMEMBERED_MAX = 10_000;
const remembered = new Map<string, Map<number, string>>();

function remember(table: string, unit: number, date: Date, make: (date: Date) => string): string {
  if (Number.isNaN(unit)) return make(date); // an invalid date throws, as it did
  let strings = remembered.get(table);
  if (!strings) remembered.set(table, (strings = new Map<number, string>()));
  let text = strings.get(unit);
  if (text === undefined) {
    text = make(date);
    if (strings.size >= REMEMBERED_MAX) strings.clear();
    strings.set(unit, text);
  }
  return text;
}

const JAPAN_OFFSET_MS = 9 * 3600_000;

/** The Japan-time parts of a date, for the orders written by hand below. */
type JapanParts = { y: number; m: number; d: number; h: number; min: string };
const japanParts = (at: Date): JapanParts => {
  const j = new Date(at.getTime() + JAPAN_OFFSET_MS);
  const [y, m, d, h] = [j.getUTCFullYear(), j.getUTCMonth() + 1, j.getUTCDate(), j.getUTCHours()];
  return { y, m, d, h, min: String(j.getUTCMinutes()).padStart(2, '0') };
};
const h12 = (h: number): string => `${h % 12 === 0 ? 12 : h % 12}`;
const hhmm = (p: JapanParts): string => `${String(p.h).padStart(2, '0')}:${p.min}`;

/*
 * Where Intl's order is not what a reader writes: Vietnamese puts the time first and says ngày … tháng …
 * năm (Intl: "lúc 15:05 23 tháng 7, 2025"); Spanish and Tagalog join the time with a comma, as their
 * receipt-ledger hours do (Tagalog in 12-hour time, like its hours; Intl: "a las 15:05", "nang 15:05").
 */
const HAND_WRITTEN: Partial<Record<`${Language}|${Style}`, (at: Date) => string>> = {
  'vi|dateTime': (at) => {
    const p = japanParts(at);
    return `${hhmm(p)} ngày ${p.d} tháng ${p.m} năm ${p.y}`;
  },
  'vi|date': (at) => {
    const p = japanParts(at);
    return `ngày ${p.d} tháng ${p.m} năm ${p.y}`;
  },
  'es|dateTime': (at) => `${formatter('es', 'date').format(at)}, ${hhmm(japanParts(at))}`,
  'tl|dateTime': (at) => {
    const p = japanParts(at);
    return `${formatter('tl', 'date').format(at)}, ${h12(p.h)}:${p.min} ${p.h < 12 ? 'AM' : 'PM'}`;
  },
};

const writers = new Map<string, (date: Date) => string>();
const writer = (lng: Language, style: Style): ((date: Date) => string) => {
  const key = `${lng}|${style}` as const;
  let w = writers.get(key);
  if (!w) {
    const f = formatter(lng, style);
    writers.set(key, (w = HAND_WRITTEN[key] ?? ((date) => f.format(date))));
  }
  return w;
};

/** A date and time in Japan time, written the way readers of `lng` expect. */
export function formatDateTime(date: Date, lng: Language): string {
  return remember(`${lng}|dateTime`, Math.floor(date.getTime() / 60_000), date, writer(lng, 'dateTime'));
}

export function formatDate(date: Date, lng: Language): string {
  const day = Math.floor((date.getTime() + JAPAN_OFFSET_MS) / 86_400_000);
  return remember(`${lng}|date`, day, date, writer(lng, 'date'));
}

/*
 * The receipt ledger's rows to the hour, as the manual writes them (「2025年7月23日15時」, manual 5), and
 * the same reading in each other language. Written by hand from the Japan-time parts rather than by Intl's
 * hour-only pattern, which is not what a reader writes in most of these languages ("July 23, 2025 at 15").
 */
type HourParts = { y: number; m: number; d: number; h: number; day: string };
const DATE_HOUR: Record<Language, (p: HourParts) => string> = {
  ja: (p) => `${p.y}年${p.m}月${p.d}日${p.h}時`,
  'zh-Hans': (p) => `${p.y}年${p.m}月${p.d}日${p.h}时`,
  'zh-Hant': (p) => `${p.y}年${p.m}月${p.d}日${p.h}時`,
  ko: (p) => `${p.y}년 ${p.m}월 ${p.d}일 ${p.h}시`,
  en: (p) => `${p.day}, ${h12(p.h)} ${p.h < 12 ? 'a.m.' : 'p.m.'}`,
  es: (p) => `${p.day}, ${p.h} h`,
  vi: (p) => `${p.h} giờ ngày ${p.d} tháng ${p.m} năm ${p.y}`,
  tl: (p) => `${p.day}, ${h12(p.h)} ${p.h < 12 ? 'AM' : 'PM'}`,
};

/** A date and hour in Japan time, for the receipt ledger's rows (the minute is in <time datetime>). */
export function formatDateHour(date: Date, lng: Language): string {
  return remember(`${lng}|dateHour`, Math.floor(date.getTime() / 3600_000), date, (at) => {
    return DATE_HOUR[lng]({ ...japanParts(at), day: formatDate(at, lng) });
  });
}

// toISOString always ends in ".sssZ" (or throws for an invalid date).
const writeIso = (date: Date): string =>
  `${new Date(date.getTime() + JAPAN_OFFSET_MS).toISOString().slice(0, -5)}+09:00`;

/** ISO 8601 with the +09:00 offset, for <time datetime>. */
export function isoJapan(date: Date): string {
  return remember('iso', Math.floor(date.getTime() / 1000), date, writeIso);
}
