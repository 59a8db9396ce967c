import { formatDateTime, Language } from '@app/platform';

/** The ledger's "YYYY年MM月DD日 HH時MM分 現在" time, exactly so in Japanese; localized elsewhere. */
export function ledgerStampTime(now: Date, lng: Language): string {
  if (lng !== 'ja') return formatDateTime(now, lng);
  const j = new Date(now.getTime() + 9 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${j.getUTCFullYear()}年${p(j.getUTCMonth() + 1)}月${p(j.getUTCDate())}日 ${p(j.getUTCHours())}時${p(j.getUTCMinutes())}分`;
}
