import { randomBytes, randomInt } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/**
 * 在留資格認定証明書番号: "E" + the issue year (Japan time) + "-" + 8 characters from an unambiguous
 * alphabet, e.g. E2026-7KQ9M2XA. Random rather than sequential, so one number says nothing about
 * another (about 40 bits per year; the unique index catches the rare clash and issuance retries).
 */
export function generateCoeNumber(issuedAt: Date): string {
  const year = new Date(issuedAt.getTime() + 9 * 3600_000).getUTCFullYear();
  let tail = '';
  for (let i = 0; i < 8; i++) tail += ALPHABET[randomInt(ALPHABET.length)];
  return `E${year}-${tail}`;
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
