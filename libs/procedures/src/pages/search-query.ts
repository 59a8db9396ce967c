import { STATUSES } from '@app/coe';
import type { FieldErrors } from '@app/platform';

/** Longer than any name or phrase in the data; bounds the work a search does (every word against every text). */
export const QUERY_MAX_LENGTH = 100;

export interface SearchQuery {
  q: string;
  status: string;
}

export type ParsedSearch = { ok: true; query: SearchQuery } | { ok: false; kept: SearchQuery; errors: FieldErrors };

const statusCodes = new Set(STATUSES.map((s) => s.code));

/**
 * The search form's query string as the reader sent it. A repeated or over-long `q` and a status the
 * statuses file does not know are errors shown next to their field, never a 500, and never searched.
 */
export function parseSearchQuery(raw: Record<string, unknown>): ParsedSearch {
  const errors: FieldErrors = {};
  const q = typeof raw.q === 'string' ? raw.q : '';
  if (raw.q !== undefined && typeof raw.q !== 'string') errors.q = ['validation.invalid'];
  else if (q.trim().length > QUERY_MAX_LENGTH) errors.q = ['procedures:validation.qTooLong'];
  const status = typeof raw.status === 'string' ? raw.status : '';
  if ((raw.status !== undefined && typeof raw.status !== 'string') || (status && !statusCodes.has(status)))
    errors.status = ['procedures:validation.statusUnknown'];
  const kept = { q, status: statusCodes.has(status) ? status : '' };
  return Object.keys(errors).length ? { ok: false, kept, errors } : { ok: true, query: { q: q.trim(), status } };
}
