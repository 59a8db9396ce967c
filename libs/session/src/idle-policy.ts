import { SESSION_ACTIVITY_STEP_MS } from '@app/platform';

/** No page activity for 3 hours logs the user out (SPEC §2, from the manual). */
export const IDLE_LIMIT_MS = 3 * 3600_000;
/** The warning dialog appears 10 minutes before. */
export const WARNING_BEFORE_MS = 10 * 60_000;

/** When a session last active at `lastActivityAt` ends. */
export const sessionExpiresAt = (lastActivityAt: number): Date => new Date(lastActivityAt + IDLE_LIMIT_MS);

/** Expired at exactly 3 hours (2:59:59.999 still valid). */
export const sessionExpired = (lastActivityAt: number, now: Date): boolean =>
  now.getTime() >= lastActivityAt + IDLE_LIMIT_MS;

/**
 * The exact last activity of a login: the signed time from the browser's activity cookie when it is
 * later than the stored one (and not in the future), else the stored one. Both are times the server
 * itself recorded, so a browser can only make this older.
 */
export function lastActivity(stored: number, signed: number | undefined, now: Date): number {
  return signed !== undefined && signed > stored && signed <= now.getTime() ? signed : stored;
}

/** Whether activity at `now` should be written to the session row too (its stored time is a step old). */
export const storedActivityDue = (stored: number, now: Date): boolean =>
  now.getTime() - stored >= SESSION_ACTIVITY_STEP_MS;
