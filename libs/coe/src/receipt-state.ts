import type { Coe } from './coe.entity';

/*
 * A certificate's derived states, each defined once as a pure function and as the SQL expression that
 * gives the same answer (test/coe/receipt-state.e2e-spec.ts compares them on PostgreSQL for every
 * combination). SQL takes the table alias and the placeholder of `now` (e.g. 'c', '$2' or ':now').
 */

type Facts = Pick<Coe, 'receivedAt' | 'revokedAt' | 'validUntil'>;

export type CoeValidity = 'valid' | 'expired' | 'revoked';

/** What the verification page says: revoked wins; otherwise valid strictly before valid_until. */
export function coeValidity(coe: Pick<Coe, 'revokedAt' | 'validUntil'>, now: Date): CoeValidity {
  if (coe.revokedAt) return 'revoked';
  return now.getTime() < coe.validUntil.getTime() ? 'valid' : 'expired';
}

export const coeValiditySql = (c: string, now: string): string =>
  `(CASE WHEN ${c}.revoked_at IS NOT NULL THEN 'revoked' WHEN ${now} < ${c}.valid_until THEN 'valid' ELSE 'expired' END)`;

/**
 * Awaiting receipt: neither received nor revoked. What "unregistered" means in every filter and count
 * (office ledger and CSV, API list, dashboard), and which certificates get reminders.
 */
export const awaitingReceipt = (coe: Pick<Coe, 'receivedAt' | 'revokedAt'>): boolean =>
  !coe.receivedAt && !coe.revokedAt;

// Spelled as the partial index coe_unregistered_idx is, so the planner can use it.
export const awaitingReceiptSql = (c: string): string => `(${c}.received_at IS NULL AND ${c}.revoked_at IS NULL)`;

export type ReceiptState = 'registered' | 'unregistered' | 'expired' | 'revoked';

/** The ledgers' state column: revoked, else registered, else expired (validity over), else unregistered. */
export function receiptState(coe: Facts, now: Date): ReceiptState {
  if (coe.revokedAt) return 'revoked';
  if (coe.receivedAt) return 'registered';
  return coeValidity(coe, now) === 'expired' ? 'expired' : 'unregistered';
}

export const receiptStateSql = (c: string, now: string): string =>
  `(CASE WHEN ${c}.revoked_at IS NOT NULL THEN 'revoked' WHEN ${c}.received_at IS NOT NULL THEN 'registered'
         WHEN ${coeValiditySql(c, now)} = 'expired' THEN 'expired' ELSE 'unregistered' END)`;

/** The API's `receiptStatus` (SPEC §7 knows two values): whether receipt was registered. */
export const apiReceiptStatus = (coe: Pick<Coe, 'receivedAt'>): 'registered' | 'unregistered' =>
  coe.receivedAt ? 'registered' : 'unregistered';
