import { allProcedures } from '@app/procedures';
import { APPLICATION_STATUSES, ApplicationStatus } from '../application-state';
import type { QueueFilter } from '../applications.repository';
import { decodeKeyset } from '../keyset';
import { OFFICE_CODES } from '../offices';

export const ASSIGNED_FILTERS = ['anyone', 'me', 'unassigned'] as const;
export type AssignedFilter = (typeof ASSIGNED_FILTERS)[number];

/** The queue's filters as the page shows them: '' is "any" (for status: the open ones). */
export interface QueueQuery {
  procedure: string;
  status: '' | ApplicationStatus;
  office: string;
  assigned: AssignedFilter;
  cursor?: string;
}

export interface ParsedQueueQuery {
  query: QueueQuery;
  /** The filters that were not understood: shown as a message, read as "any" (never a 500). */
  invalid: string[];
}

// A repeated parameter (`?status=a&status=b`) is not one value: no option matches it, so it is reported.
const one = (v: unknown): string => (typeof v === 'string' ? v : v === undefined ? '' : '\u0000');

/** Reads `?procedure=&status=&office=&assigned=&after=` as typed by hand or kept in a paging link. */
export function parseQueueQuery(raw: Record<string, unknown>): ParsedQueueQuery {
  const invalid: string[] = [];
  const pick = <T extends string>(name: string, value: string, allowed: readonly T[], fallback: T | ''): T | '' => {
    if (value === '' || allowed.includes(value as T)) return value as T | '';
    invalid.push(name);
    return fallback;
  };
  const procedure = pick(
    'procedure',
    one(raw.procedure),
    allProcedures().map((p) => p.code),
    '',
  );
  const status = pick('status', one(raw.status), APPLICATION_STATUSES, '');
  const office = pick('office', one(raw.office), OFFICE_CODES, '');
  const assigned = pick('assigned', one(raw.assigned), ASSIGNED_FILTERS, 'anyone') || 'anyone';
  const after = one(raw.after);
  let cursor: string | undefined;
  if (after) {
    if (decodeKeyset(after)) cursor = after;
    else invalid.push('after');
  }
  return { query: { procedure, status, office, assigned, cursor }, invalid };
}

/** The service's filter for `officerId` (the one signed in, for "me"). */
export const queueFilter = (q: QueueQuery, officerId: string): QueueFilter => ({
  ...(q.procedure ? { procedureCode: q.procedure } : {}),
  ...(q.status ? { statuses: [q.status] } : {}),
  ...(q.office ? { office: q.office } : {}),
  ...(q.assigned === 'me'
    ? { assignedOfficer: officerId }
    : q.assigned === 'unassigned'
      ? { assignedOfficer: null }
      : {}),
});

/** The filters as a query string (without the cursor unless given): what every paging link carries. */
export function queueSearch(q: QueueQuery, after?: string): string {
  const params = new URLSearchParams();
  if (q.procedure) params.set('procedure', q.procedure);
  if (q.status) params.set('status', q.status);
  if (q.office) params.set('office', q.office);
  if (q.assigned !== 'anyone') params.set('assigned', q.assigned);
  if (after) params.set('after', after);
  return params.toString();
}
