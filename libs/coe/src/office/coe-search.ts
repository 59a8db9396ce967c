import { COE_NUMBER_PATTERN } from '../coe-number';
import type { CoeFilter } from '../coe-ledger.repository';

export type LedgerFilter = 'all' | 'unregistered' | 'registered' | 'revoked';
export const LEDGER_FILTERS: readonly LedgerFilter[] = ['all', 'unregistered', 'registered', 'revoked'];

export interface LedgerQuery {
  q: string;
  status: LedgerFilter;
}

const RECEIPT: Record<LedgerFilter, CoeFilter['receipt']> = {
  all: undefined,
  // "Not registered" means awaiting receipt: a revoked certificate is not waiting for anything.
  unregistered: 'awaiting',
  registered: 'received',
  revoked: 'revoked',
};

/** The search text as the officer means it: a certificate number, or else a user ID or the start of a name. */
export function searchTerm(query: LedgerQuery): { number: string } | { idOrName: string } | undefined {
  const q = query.q.trim().toUpperCase();
  if (!q) return undefined;
  return COE_NUMBER_PATTERN.test(q) ? { number: q } : { idOrName: q };
}

/** The officers' ledger filter for a search and a status; `recipientId` is the user whose ID was searched for. */
export function ledgerFilter(query: LedgerQuery, recipientId?: string): CoeFilter {
  const term = searchTerm(query);
  return {
    ...(term && 'number' in term ? { number: term.number } : {}),
    ...(term && 'idOrName' in term ? { recipientOrName: { recipientId, namePrefix: term.idOrName } } : {}),
    receipt: RECEIPT[query.status],
  };
}

export function parseLedgerQuery(raw: Record<string, unknown>): LedgerQuery {
  const q = typeof raw.q === 'string' ? raw.q.slice(0, 104) : '';
  const status = LEDGER_FILTERS.find((f) => f === raw.status) ?? 'all';
  return { q, status };
}
