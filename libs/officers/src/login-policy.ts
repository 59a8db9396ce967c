/** Between the password and the TOTP code at most 10 minutes may pass (and between later steps). */
export const PENDING_LOGIN_MS = 10 * 60_000;

/** Expired at exactly 10 minutes. */
export const pendingExpired = (since: number, now: Date): boolean => now.getTime() >= since + PENDING_LOGIN_MS;

export type LoginStep = '/password/new' | '/totp/setup' | '/totp';

/** What a half-way login needs next: a new password first, then TOTP enrolment, else the TOTP code. */
export function nextLoginStep(officer: { mustChangePassword: boolean; totpEnabledAt: Date | null }): LoginStep {
  if (officer.mustChangePassword) return '/password/new';
  if (!officer.totpEnabledAt) return '/totp/setup';
  return '/totp';
}

/** Officer IDs: 3–32 letters, digits, dot, underscore or hyphen, starting with a letter or digit. */
export const OFFICER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$/;

export const isOfficerLoginId = (id: string): boolean => OFFICER_ID_PATTERN.test(id);
