import { Injectable } from '@nestjs/common';
import { queryRows } from '@app/platform';
import { DataSource } from 'typeorm';
import type { Coe } from './coe.entity';

export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;

/** `?size=` of a paged list: one of PAGE_SIZES, else the default (the receipt ledger and 申請状況確認). */
export const pageSizeOf = (raw: unknown): number => {
  const n = typeof raw === 'string' ? Number(raw) : NaN;
  return (PAGE_SIZES as readonly number[]).includes(n) ? n : DEFAULT_PAGE_SIZE;
};

export type LedgerRow = Pick<Coe, 'number' | 'firstMailedAt' | 'receivedAt' | 'revokedAt' | 'validUntil'>;

export interface LedgerView {
  total: number;
  /** The page shown: the one asked for (or the highlighted certificate's), at most the last. */
  page: number;
  rows: LedgerRow[];
}

/**
 * One page view in one statement (exported for the benchmark's EXPLAIN): $1 recipient, $2 page asked for
 * (≥ 1), $3 page size, $4 the certificate whose page to show instead (or null). Every parameter is cast to
 * int and the arithmetic stays in int: a numeric bound (as `ceil(x / $3::numeric)` made it in an earlier
 * one-statement version) turns `recipient_seq BETWEEN …` into a numeric comparison the index cannot
 * serve, and each view then filtered all of the recipient's rows (EXPLAIN: a scan of 100,000 rows, 590 ms;
 * that was its "hang" under load). The CTEs are MATERIALIZED so the count and the position are read once
 * (inlined, the planner repeats them in every bound); the page's rows come from a LATERAL subquery whose
 * bounds are parameters of a backward index scan on (recipient_id, recipient_seq), its LIMIT keeping
 * that plan whatever the estimate; the LEFT JOIN keeps the count when the page is empty.
 */
export const LEDGER_SQL = `
  WITH r AS MATERIALIZED (SELECT COALESCE((SELECT certificates FROM coe_recipient WHERE recipient_id = $1), 0) AS total),
       p AS MATERIALIZED (SELECT r.total,
                    LEAST(COALESCE((SELECT (r.total - c.recipient_seq + $3::int) / $3::int FROM coe c
                                     WHERE c.recipient_id = $1 AND c.number = $4::text), $2::int),
                          GREATEST((r.total + $3::int - 1) / $3::int, 1)) AS page
               FROM r)
  SELECT p.total, p.page, c.number, c."firstMailedAt", c."receivedAt", c."revokedAt", c."validUntil"
    FROM p LEFT JOIN LATERAL (
           SELECT recipient_seq, number, first_mailed_at AS "firstMailedAt", received_at AS "receivedAt",
                  revoked_at AS "revokedAt", valid_until AS "validUntil"
             FROM coe
            WHERE recipient_id = $1
              AND recipient_seq BETWEEN p.total - p.page * $3::int + 1 AND p.total - (p.page - 1) * $3::int
            ORDER BY recipient_seq DESC LIMIT $3::int
         ) c ON true
   ORDER BY c.recipient_seq DESC`;

/**
 * The recipient's certificates, newest first, one page at a time (受領登録 list). The count is kept in
 * `coe_recipient` and each certificate's place in the list (`recipient_seq`, oldest = 1, in the list's
 * order issued_at, id) by issuance, so any page is one range of the index (recipient_id, recipient_seq)
 * and the mailed link finds its page from the certificate's row: page 5,000 costs what page 1 does, and
 * a page view is one round trip.
 */
@Injectable()
export class ReceiptLedger {
  constructor(private readonly db: DataSource) {}

  /** Page `page` (≥ 1; past the end means the last), or the page of certificate `highlight` if it is theirs. */
  async view(recipientId: string, page: number, size: number, highlight?: string): Promise<LedgerView> {
    const found = await queryRows<LedgerRow & { total: number; page: number }>(this.db, LEDGER_SQL, [
      recipientId,
      page,
      size,
      highlight ?? null,
    ]);
    // The statement always answers one row at least (the LEFT JOIN); an empty page's row has no number.
    const rows = found
      .filter((r) => r.number !== null)
      .map(({ number, firstMailedAt, receivedAt, revokedAt, validUntil }) => ({
        number,
        firstMailedAt,
        receivedAt,
        revokedAt,
        validUntil,
      }));
    return { total: found[0].total, page: found[0].page, rows };
  }
}
