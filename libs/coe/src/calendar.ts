/** Japan has no daylight saving time: Japan time is always UTC+9. */
const JST_OFFSET_MS = 9 * 3600_000;

/**
 * `months` calendar months after `instant`, on the same Japan-time wall clock (SPEC §5: an e-COE is
 * valid 3 months; reminders stop 3 calendar months after issue). A day that does not exist in the
 * target month becomes its last day (Nov 30 + 3 months → Feb 28, or 29 in a leap year).
 */
export function addCalendarMonthsJst(instant: Date, months: number): Date {
  const jst = new Date(instant.getTime() + JST_OFFSET_MS);
  const y = jst.getUTCFullYear();
  const m = jst.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(jst.getUTCDate(), lastDay);
  const shifted = Date.UTC(
    y,
    m,
    day,
    jst.getUTCHours(),
    jst.getUTCMinutes(),
    jst.getUTCSeconds(),
    jst.getUTCMilliseconds(),
  );
  return new Date(shifted - JST_OFFSET_MS);
}
