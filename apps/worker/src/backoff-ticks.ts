/** The longest pause between two tries while the database is away (or one interval, if longer). */
export const OUTAGE_MAX_PAUSE_MS = 30_000;

/**
 * Ticks to skip after the `failures`-th run in a row that found the database away: 0, 1, 3, 7 … so the
 * pause doubles, up to OUTAGE_MAX_PAUSE_MS. Counted in ticks, not read from a clock, so that a paused
 * test clock cannot stall the worker.
 */
export function backoffTicks(failures: number, intervalMs: number): number {
  const cap = Math.max(1, Math.floor(OUTAGE_MAX_PAUSE_MS / intervalMs));
  return Math.min(2 ** Math.min(failures - 1, 30), cap) - 1;
}
