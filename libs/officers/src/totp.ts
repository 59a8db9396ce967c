import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';

/** RFC 6238 with the authenticator apps' defaults: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PERIOD_S = 30;

/**
 * otplib reads the system time unless given `epoch` (Unix seconds); we always pass it from the
 * injected Clock, so tests (and any clock policy) decide which 30-second step is "now".
 */
const epochOf = (now: Date): number => Math.floor(now.getTime() / 1000);

/** A new random secret (20 bytes, Base32), as authenticator apps expect. */
export const newTotpSecret = (): string => generateSecret();

/** The code for `secret` at `now`. */
export const totpCode = (secret: string, now: Date): string =>
  generateSync({ secret, epoch: epochOf(now), period: TOTP_PERIOD_S });

export const isTotpFormat = (code: string): boolean => /^\d{6}$/.test(code);

/**
 * The time step (Unix time / 30 s) whose code `code` is, if it is right at `now`, allowing one step of
 * clock drift either way; undefined when it is wrong. A login stores it, so a code is good only once.
 */
export function totpStep(secret: string, code: string, now: Date): number | undefined {
  if (!isTotpFormat(code)) return undefined;
  const r = verifySync({
    secret,
    token: code,
    epoch: epochOf(now),
    period: TOTP_PERIOD_S,
    epochTolerance: TOTP_PERIOD_S,
  });
  return r.valid ? Math.floor(epochOf(now) / TOTP_PERIOD_S) + r.delta : undefined;
}

/** Whether `code` is right at `now`, allowing one step of clock drift either way. */
export const totpValid = (secret: string, code: string, now: Date): boolean =>
  totpStep(secret, code, now) !== undefined;

/** The otpauth:// URI the QR code carries. */
export const totpUri = (loginId: string, secret: string, issuer = 'Residence Online Office'): string =>
  generateURI({ issuer, label: loginId, secret, period: TOTP_PERIOD_S });

/** The secret in groups of four, easier to type into an app by hand. */
export const groupedSecret = (secret: string): string => secret.replace(/(.{4})(?=.)/g, '$1 ');
