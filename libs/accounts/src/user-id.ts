import { randomInt } from 'node:crypto';

/** Digits and capitals without the look-alikes 0/O, 1/I/L: easy to read out and type. */
export const USER_ID_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const USER_ID_LENGTH = 10;

/** A new 利用者ID: 10 characters from a 31-letter alphabet (about 49 bits), from a CSPRNG. */
export function generateUserId(): string {
  let id = '';
  for (let i = 0; i < USER_ID_LENGTH; i++) id += USER_ID_ALPHABET[randomInt(USER_ID_ALPHABET.length)];
  return id;
}

/**
 * What the user typed, as we compare it: upper-case without spaces. Hyphens are kept: legacy IDs may
 * contain them (ours never do).
 */
export function normalizeUserId(input: string): string {
  return input.toUpperCase().replace(/\s/g, '');
}
