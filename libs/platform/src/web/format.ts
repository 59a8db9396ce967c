import { Language } from '../i18n/languages';

export const TIME_ZONE = 'Asia/Tokyo';

// Intl knows Tagalog as Filipino.
const intlLocale = (lng: Language): string => (lng === 'tl' ? 'fil' : lng);

/** A date and time in Japan time, written the way readers of `lng` expect. */
export function formatDateTime(date: Date, lng: Language): string {
  return new Intl.DateTimeFormat(intlLocale(lng), {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
}

export function formatDate(date: Date, lng: Language): string {
  return new Intl.DateTimeFormat(intlLocale(lng), {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(date);
}

/** ISO 8601 with the +09:00 offset, for <time datetime>. */
export function isoJapan(date: Date): string {
  const shifted = new Date(date.getTime() + 9 * 3600_000);
  return shifted.toISOString().replace(/\.\d{3}Z$/, '+09:00');
}
