import { randomInt } from 'node:crypto';
import { PASSWORD_SYMBOLS, passwordProblems } from '@app/fields';

export const ONE_TIME_PASSWORD_LENGTH = 16;

// No look-alikes (0/O, 1/l/I) in a password that is read off a screen and typed in once.
const UPPER = 'ABCDEFGHJKMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
const SYMBOLS = PASSWORD_SYMBOLS;
const ALL = UPPER + LOWER + DIGITS + SYMBOLS;

const pick = (chars: string): string => chars[randomInt(chars.length)];

/**
 * A random one-time password (CSPRNG) of 16 characters that meets the password policy: at least one
 * of each class, shuffled, and drawn again in the unlikely case the policy still objects.
 */
export function oneTimePassword(loginId?: string): string {
  for (;;) {
    const chars = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(SYMBOLS)];
    while (chars.length < ONE_TIME_PASSWORD_LENGTH) chars.push(pick(ALL));
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j], chars[i]];
    }
    const password = chars.join('');
    if (passwordProblems(password, { userId: loginId }).length === 0) return password;
  }
}
