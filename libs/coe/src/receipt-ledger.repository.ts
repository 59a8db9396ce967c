import { Injectable } from '@nestjs/common';
import { queryRows } from '@app/platform';
import { DataSource } from 'typeorm';
import type { Coe } from './coe.entity';

export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;

export type LedgerRow = Pick<Coe, 'number' | 'firstMailedAt' | 'receivedAt' | 'revokedAt' | 'validUntil'>;

export interface LedgerView {
  total: number;
  /** The page shown: the one asked for (or the highlighted certificate's), at most the last. */
  page: number;
  rows: LedgerRow[];
}

// Exported for the benchmark's EXPLAIN. $1 recipient, $2 page asked for (≥ 1), $3 page size, $4 the
// certificate whose page to show instead (or null). One statement: the count, the page and the rows.
export const LEDGER_SQL = `
  WITH r AS (SELECT certificates AS total FROM coe_recipient WHERE recipient_id = $1),
       p AS (SELECT total,
                    LEAST(COALESCE((SELECT ceil((r.total - c.recipient_seq + 1) / $3::numeric)::int FROM coe c
                                     WHERE c.recipient_id = $1 AND c.number = $4), $2::int),
                          GREATEST(ceil(total / $3::numeric)::int, 1)) AS page
               FROM r)
  SELECT p.total, p.page, c.number, c.first_mailed_at AS "firstMailedAt", c.received_at AS "receivedAt",
         c.revoked_at AS "revokedAt", c.valid_until AS "validUntil"
    FROM p LEFT JOIN coe c ON c.recipient_id = $1
     AND c.recipient_seq BETWEEN p.total - p.page * $3 + 1 AND p.total - (p.page - 1) * $3
   ORDER BY c.recipient_seq DESC`;

/**
 * The recipient's certificates, newest first, one page at a time (受領登録 list). The count is kept in
 * `coe_recipient` and each certificate's place in the list (`recipient_seq`, oldest = 1, in the list's
 * order issued_at, id) by issuance, so any page is one range of the index (recipient_id, recipient_seq)
 * and the mailed link finds its page from the certificate's row: page 5,000 costs what page 1 does, and
 * a page view is one query.
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
    if (!found.length) return { total: 0, page: 1, rows: [] };
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
