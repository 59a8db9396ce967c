import { addCalendarMonthsJst } from '../calendar';

/** Reminders come 7 days after the certificate was first mailed, then 7 days after each one (SPEC §5). */
export const REMINDER_INTERVAL_MS = 7 * 24 * 3600_000;
/** …and never at or after 3 calendar months (Japan time) from issue. */
export const REMINDER_WINDOW_MONTHS = 3;

export interface ReminderState {
  issuedAt: Date;
  firstMailedAt: Date | null;
  receivedAt: Date | null;
  revokedAt: Date | null;
}

/** The end of the reminder window: issue time + 3 calendar months in Japan time (exclusive). */
export const reminderDeadline = (coe: Pick<ReminderState, 'issuedAt'>): Date =>
  addCalendarMonthsJst(coe.issuedAt, REMINDER_WINDOW_MONTHS);

/**
 * When the next reminder is due, given when the certificate was last mailed (the first mail or the last
 * reminder); null when there will be none: not mailed yet, received, revoked, or past the window.
 */
export function nextReminderAt(coe: ReminderState, lastMailedAt: Date | null): Date | null {
  if (coe.receivedAt || coe.revokedAt || !coe.firstMailedAt) return null;
  const last = lastMailedAt ?? coe.firstMailedAt;
  const next = new Date(last.getTime() + REMINDER_INTERVAL_MS);
  return next.getTime() < reminderDeadline(coe).getTime() ? next : null;
}

/** Whether a reminder should be sent at `now` (a sweep after downtime sends one, not one per missed slot). */
export function reminderDue(coe: ReminderState & { lastRemindedAt: Date | null }, now: Date): boolean {
  const next = nextReminderAt(coe, coe.lastRemindedAt);
  return next !== null && now.getTime() >= next.getTime() && now.getTime() < reminderDeadline(coe).getTime();
}

/** At most one reminder mail per (certificate, reminder number), whichever worker queues it. */
export const reminderKey = (coeId: string, n: number): string => `coe-reminder:${coeId}:${n}`;

/*
 * The same policy as SQL on a certificate row `c` at the instant in placeholder `now`, for the set-based
 * sweep (test/coe/reminder-policy-sql.e2e-spec.ts compares both on PostgreSQL, boundaries included).
 * Japan time has no daylight saving, so timestamp + interval in Asia/Tokyo is addCalendarMonthsJst, and
 * PostgreSQL also clamps a day the target month lacks to its last day.
 */
const INTERVAL_SQL = `interval '${REMINDER_INTERVAL_MS / 1000} seconds'`;

export const reminderDeadlineSql = (c: string): string =>
  `(((${c}.issued_at AT TIME ZONE 'Asia/Tokyo') + interval '${REMINDER_WINDOW_MONTHS} months') AT TIME ZONE 'Asia/Tokyo')`;

/** reminderDue(c, now) as SQL. */
export const reminderDueSql = (c: string, now: string): string => {
  const next = `(coalesce(${c}.last_reminded_at, ${c}.first_mailed_at) + ${INTERVAL_SQL})`;
  return `(${c}.first_mailed_at IS NOT NULL AND ${c}.received_at IS NULL AND ${c}.revoked_at IS NULL
    AND ${next} < ${reminderDeadlineSql(c)} AND ${now} >= ${next} AND ${now} < ${reminderDeadlineSql(c)})`;
};

/** nextReminderAt(c, now) as SQL, for a certificate reminded at `now` (so mailed, not received nor revoked). */
export const nextReminderAfterSql = (c: string, now: string): string =>
  `(CASE WHEN ${now} + ${INTERVAL_SQL} < ${reminderDeadlineSql(c)} THEN ${now} + ${INTERVAL_SQL} END)`;
