import { japanYear, randomCode } from '@app/coe';

/**
 * 受付番号: "A" + the filing year (Japan time) + "-" + 10 characters of the e-COE numbers' alphabet
 * (no 0/O, 1/I/L), e.g. A2026-7KQ9M2XAPQ. Random, so one number tells nothing of another (about 50 bits
 * per year) and a guessed number finds nothing; the unique index catches the rare clash and submission
 * retries. It is the public identifier in URLs and mails; rows are found by it only with their filer
 * (portal) or by an officer (office), never by the number alone.
 */
export const generateApplicationNumber = (filedAt: Date): string => `A${japanYear(filedAt)}-${randomCode(10)}`;

export const APPLICATION_NUMBER_PATTERN = /^A\d{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}$/;

export const isApplicationNumber = (s: unknown): s is string =>
  typeof s === 'string' && APPLICATION_NUMBER_PATTERN.test(s);
