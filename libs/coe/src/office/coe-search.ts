import { COE_NUMBER_PATTERN } from '../coe-number';

export type LedgerFilter = 'all' | 'unregistered' | 'registered' | 'revoked';
export const LEDGER_FILTERS: readonly LedgerFilter[] = ['all', 'unregistered', 'registered', 'revoked'];

export interface LedgerQuery {
  q: string;
  status: LedgerFilter;
}

/** The WHERE clause and parameters of the officers' e-COE ledger for a search and a status filter. */
export function ledgerWhere(query: LedgerQuery): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const q = query.q.trim();
  if (q) {
    params.push(q.toUpperCase());
    const p = `$${params.length}`;
    // A certificate number, a recipient's user ID, or the start of the holder's name.
    parts.push(
      COE_NUMBER_PATTERN.test(q.toUpperCase())
        ? `c.number = ${p}`
        : `(upper(u.login_id) = ${p} OR upper(c.holder_name_en) LIKE ${p} || '%')`,
    );
  }
  switch (query.status) {
    case 'unregistered':
      parts.push('c.received_at IS NULL AND c.revoked_at IS NULL');
      break;
    case 'registered':
      parts.push('c.received_at IS NOT NULL');
      break;
    case 'revoked':
      parts.push('c.revoked_at IS NOT NULL');
      break;
    case 'all':
      break;
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export function parseLedgerQuery(raw: Record<string, unknown>): LedgerQuery {
  const q = typeof raw.q === 'string' ? raw.q.slice(0, 104) : '';
  const status = LEDGER_FILTERS.find((f) => f === raw.status) ?? 'all';
  return { q, status };
}
