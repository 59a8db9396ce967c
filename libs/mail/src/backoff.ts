const MINUTE = 60_000;

/**
 * How long to wait before attempt `attempts + 1` after `attempts` failures: 1, 2, 4 … minutes,
 * capped at one hour, so a mail server outage of a day is ridden out within the default 20 attempts.
 */
export function retryDelayMs(attempts: number): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 10));
  return Math.min(MINUTE * 2 ** exponent, 60 * MINUTE);
}
