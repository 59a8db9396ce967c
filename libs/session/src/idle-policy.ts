/** No page activity for 3 hours logs the user out (SPEC §2, from the manual). */
export const IDLE_LIMIT_MS = 3 * 3600_000;
/** The warning dialog appears 10 minutes before. */
export const WARNING_BEFORE_MS = 10 * 60_000;

/** When a session last active at `lastActivityAt` ends. */
export const sessionExpiresAt = (lastActivityAt: number): Date => new Date(lastActivityAt + IDLE_LIMIT_MS);

/** Expired at exactly 3 hours (2:59:59.999 still valid). */
export const sessionExpired = (lastActivityAt: number, now: Date): boolean =>
  now.getTime() >= lastActivityAt + IDLE_LIMIT_MS;
