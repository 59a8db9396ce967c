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
