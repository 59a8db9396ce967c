import { randomBytes, randomInt } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** `length` random characters from an alphabet without look-alikes (no 0/O, 1/I/L): for numbers people read out. */
export function randomCode(length: number): string {
  let code = '';
  for (let i = 0; i < length; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** The year in Japan at `at` (numbers carry the year they were given in). */
export const japanYear = (at: Date): number => new Date(at.getTime() + 9 * 3600_000).getUTCFullYear();

/**
 * 在留資格認定証明書番号: "E" + the issue year (Japan time) + "-" + 8 characters from an unambiguous
 * alphabet, e.g. E2026-7KQ9M2XA. Random rather than sequential, so one number says nothing about
 * another (about 40 bits per year; the unique index catches the rare clash and issuance retries).
 */
export function generateCoeNumber(issuedAt: Date): string {
  return `E${japanYear(issuedAt)}-${randomCode(8)}`;
}

export const COE_NUMBER_PATTERN = /^E\d{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/;

/** The secret of the verification URL: 256 random bits. */
export const generateVerificationCode = (): string => randomBytes(32).toString('base64url');

/** Initials of a holder's English name for the public page: "NGUYEN VAN AN" → "N. V. A." */
export const initialsOf = (name: string): string =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${w[0]}.`)
    .join(' ');
