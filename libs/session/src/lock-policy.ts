/** 5 consecutive wrong passwords lock the account (SPEC §2, from the manual). */
export const MAX_FAILED_LOGINS = 5;
/** …until 24 hours after the failure that locked it. */
export const LOCK_DURATION_MS = 24 * 3600_000;

/** Whether an account with this lock time is locked at `now`: from the 5th failure up to, not including, +24 h. */
export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && now.getTime() < lockedUntil.getTime();
}

/** The account after one more wrong password at `now` (a lapsed lock starts the count afresh). */
export function afterFailure(
  state: { failedLogins: number; lockedUntil: Date | null },
  now: Date,
): { failedLogins: number; lockedUntil: Date | null; lockedNow: boolean } {
  if (isLocked(state.lockedUntil, now)) return { ...state, lockedNow: false };
  const failedLogins = (state.lockedUntil ? 0 : state.failedLogins) + 1;
  const lockedNow = failedLogins >= MAX_FAILED_LOGINS;
  return { failedLogins, lockedUntil: lockedNow ? new Date(now.getTime() + LOCK_DURATION_MS) : null, lockedNow };
}
