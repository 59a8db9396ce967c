import { z } from 'zod';
import { AuditFilter, isAuditEvent } from '@app/audit';
import { isRealDate } from '@app/fields';

const DAY_MS = 24 * 3600_000;

// A query string may carry arrays or objects (`a[]=`, `a[b]=`); anything but one string counts as empty.
const text = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string().max(max, 'validation.tooLong'));
const day = text(10).refine((s) => s === '' || isRealDate(s), 'validation.date');

/** The audit-log page's filter as typed: officer ID, user ID, event, and days from/to (Japan time, inclusive). */
export const auditLogQuery = z
  .object({
    officer: text(64),
    user: text(64),
    event: text(64).refine((s) => s === '' || isAuditEvent(s), 'admin:validation.auditEvent'),
    from: day,
    to: day,
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && isRealDate(q.from) && isRealDate(q.to) && q.from > q.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'admin:validation.dateOrder' });
    }
  });

export type AuditLogQuery = z.output<typeof auditLogQuery>;

export const EMPTY_QUERY: AuditLogQuery = { officer: '', user: '', event: '', from: '', to: '' };

/** Midnight starting that day in Japan (always UTC+9). */
const japanMidnight = (day: string): Date => new Date(`${day}T00:00:00+09:00`);

/** The filter for the log; `userId` is the account whose user ID was asked for. */
export function auditFilter(q: AuditLogQuery, userId?: string): AuditFilter {
  return {
    ...(q.officer ? { actor: `officer:${q.officer}` } : {}),
    ...(userId ? { userId } : {}),
    ...(q.event ? { event: q.event } : {}),
    ...(q.from ? { from: japanMidnight(q.from) } : {}),
    ...(q.to ? { before: new Date(japanMidnight(q.to).getTime() + DAY_MS) } : {}),
  };
}

/** The filled-in parts, for links to other pages and to the CSV of the same rows. */
export const queryString = (q: AuditLogQuery, extra: Record<string, string> = {}): string =>
  new URLSearchParams({ ...Object.fromEntries(Object.entries(q).filter(([, v]) => v !== '')), ...extra }).toString();
