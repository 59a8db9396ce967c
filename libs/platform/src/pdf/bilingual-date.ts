import { isoJapan } from '../web/format';

/** A date written for both readers of a bilingual form or certificate. */
export interface BilingualDate {
  ja: string;
  en: string;
}

// Our own month names rather than Intl's: ICU versions disagree (en-GB writes "Sept"), and the same
// document must read the same whichever Node renders it.
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function bilingual(year: number, month: number, day: number): BilingualDate {
  return { ja: `${year}年${month}月${day}日`, en: `${day} ${MONTHS_EN[month - 1]} ${year}` };
}

/** The calendar day of an instant in Japan time: an e-COE issued at 23:30 UTC is dated the next day. */
export function japanDate(date: Date): BilingualDate {
  if (Number.isNaN(date.getTime())) throw new RangeError('Invalid date on the document');
  const [year, month, day] = isoJapan(date).slice(0, 10).split('-').map(Number);
  return bilingual(year, month, day);
}

/** A date of birth is a calendar date: passing it through a time zone could move it by a day. */
export function calendarDate(isoDate: string): BilingualDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (!match || check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`Invalid date of birth "${isoDate}" (expected YYYY-MM-DD)`);
  }
  return bilingual(year, month, day);
}

/** An instant as the day and minute in Japan time, labelled as such (a form is read outside Japan too). */
export function japanDateTime(date: Date): BilingualDate {
  const day = japanDate(date);
  const minute = isoJapan(date).slice(11, 16);
  return { ja: `${day.ja} ${minute}（日本時間）`, en: `${day.en}, ${minute} JST` };
}
