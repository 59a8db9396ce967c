import { readFileSync } from 'node:fs';
import { isLanguage, Language, projectPath } from '@app/platform';

/** A status's name in each of the portal's languages; `ja` is the legal name of the Act's tables. */
export type StatusNames = Record<Language, string>;

export interface StatusOfResidence extends StatusNames {
  table: string;
  code: string;
  coeEligible: boolean;
}

/** 在留資格 of the Immigration Control Act's appended tables (SPEC §5 data file). */
// Read from the source tree (like views and locales), so the compiled apps need no copy of it.
const data = JSON.parse(readFileSync(projectPath('libs/coe/src/statuses-of-residence.json'), 'utf8')) as {
  statuses: StatusOfResidence[];
};
export const STATUSES: readonly StatusOfResidence[] = data.statuses;
export const COE_STATUSES = STATUSES.filter((s) => s.coeEligible);
export const statusByCode = (code: string): StatusOfResidence | undefined => STATUSES.find((s) => s.code === code);

/** The status's name in the reader's language (Japanese for an unknown language). */
export const statusName = (status: StatusOfResidence, lng: string): string => status[isLanguage(lng) ? lng : 'ja'];

/**
 * The reader's name and, where it differs, the Japanese legal name the certificate and the agency use:
 * what a non-Japanese reader needs to match the page against the document (docs/decisions.md).
 */
export function statusLabel(status: StatusOfResidence, lng: string): StatusLabel {
  const name = statusName(status, lng);
  if (name === status.ja) return { name };
  // Chinese text takes full-width brackets; the other languages' own brackets are half-width.
  const [open, close] = lng.startsWith('zh') ? ['（', '）'] : [' (', ')'];
  return { name, legal: status.ja, text: `${name}${open}${status.ja}${close}`, open, close };
}

export interface StatusLabel {
  name: string;
  /** The Japanese legal name, when the reader's differs, with the brackets it is written in. */
  legal?: string;
  open?: string;
  close?: string;
  /** Name and legal name as one plain string (select options, where no markup is allowed). */
  text?: string;
}
