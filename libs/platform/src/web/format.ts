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

/** A date and time in Japan time, written the way readers of `lng` expect. */
export function formatDateTime(date: Date, lng: Language): string {
  return formatter(lng, 'dateTime').format(date);
}

export function formatDate(date: Date, lng: Language): string {
  return formatter(lng, 'date').format(date);
}

/** ISO 8601 with the +09:00 offset, for <time datetime>. */
export function isoJapan(date: Date): string {
  const shifted = new Date(date.getTime() + 9 * 3600_000);
  return shifted.toISOString().replace(/\.\d{3}Z$/, '+09:00');
}
