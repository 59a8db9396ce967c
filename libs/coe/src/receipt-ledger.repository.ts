import { Injectable } from '@nestjs/common';
import { queryRows } from '@app/platform';
import { DataSource } from 'typeorm';
import type { Coe } from './coe.entity';

export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;

export type LedgerRow = Pick<Coe, 'number' | 'firstMailedAt' | 'receivedAt' | 'revokedAt' | 'validUntil'>;

// Exported for the benchmark's EXPLAIN.
export const POSITION_SQL = {
  locate: `SELECT c.issued_at::text AS "issuedAt", c.id, r.certificates AS total,
                  c.issued_at - e.oldest >= e.newest - c.issued_at AS "fromNewest"
             FROM coe c
             JOIN coe_recipient r ON r.recipient_id = c.recipient_id,
                  LATERAL (SELECT (SELECT issued_at FROM coe WHERE recipient_id = $1
                                    ORDER BY issued_at DESC, id DESC LIMIT 1) AS newest,
                                  (SELECT issued_at FROM coe WHERE recipient_id = $1
                                    ORDER BY issued_at ASC, id ASC LIMIT 1) AS oldest) e
            WHERE c.recipient_id = $1 AND c.number = $2`,
  newer: `SELECT count(*) AS n FROM coe WHERE recipient_id = $1
            AND issued_at >= $2::timestamptz AND (issued_at, id) > ($2::timestamptz, $3::uuid)`,
  older: `SELECT count(*) AS n FROM coe WHERE recipient_id = $1
            AND issued_at <= $2::timestamptz AND (issued_at, id) < ($2::timestamptz, $3::uuid)`,
};

/**
 * The recipient's certificates, newest first, one page at a time (受領登録 list). The count is kept in
 * `coe_recipient` by issuance; the page's ids are read from the index (recipient_id, issued_at DESC,
 * id DESC) alone, and a page in the second half is read from the other end so no offset exceeds half
 * the list.
 */
@Injectable()
export class ReceiptLedger {
  constructor(private readonly db: DataSource) {}

  async count(recipientId: string): Promise<number> {
    // Kept by issuance in the same transaction as the certificate (no counting of rows per page view).
    const [row] = await queryRows<{ n: number }>(
      this.db,
      `SELECT certificates AS n FROM coe_recipient WHERE recipient_id = $1`,
      [recipientId],
    );
    return row?.n ?? 0;
  }

  async page(recipientId: string, page: number, size: number, total: number): Promise<LedgerRow[]> {
    const offset = (page - 1) * size;
    if (offset >= total) return [];
    const fromEnd = offset > total / 2;
    // From the end: the rows of this page are the last (total - offset) rows, of which we need `size`.
    const limit = fromEnd ? Math.min(size, total - offset) : size;
    const skip = fromEnd ? Math.max(total - offset - size, 0) : offset;
    const order = fromEnd ? 'ASC' : 'DESC';
    const rows = await queryRows<LedgerRow>(
      this.db,
      `SELECT c.number, c.first_mailed_at AS "firstMailedAt", c.received_at AS "receivedAt",
              c.revoked_at AS "revokedAt", c.valid_until AS "validUntil"
         FROM (SELECT id, issued_at FROM coe WHERE recipient_id = $1
               ORDER BY issued_at ${order}, id ${order} OFFSET $2 LIMIT $3) p
         JOIN coe c ON c.id = p.id
        ORDER BY p.issued_at DESC, p.id DESC`,
      [recipientId, skip, limit],
    );
    return rows;
  }

  /**
   * 1-based position of a certificate in the recipient's list (for ?coe=NUMBER), or undefined. A B-tree
   * cannot say how many entries precede a key without walking them, so this counts the side of the index
   * that is likely the shorter (by where the certificate's issue time falls between the recipient's newest
   * and oldest): the mailed link to the oldest certificate costs what the newest's does. Either side gives
   * the exact position; the guess only decides the cost.
   */
  async position(recipientId: string, number: string): Promise<number | undefined> {
    const [c] = await queryRows<{ issuedAt: string; id: string; total: number; fromNewest: boolean }>(
      this.db,
      POSITION_SQL.locate,
      [recipientId, number],
    );
    if (!c) return undefined;
    // The issue time goes back as text (microseconds; a JS Date would drop them), and as a value the
    // planner sees, so it estimates the range from the statistics and walks the index for a short one.
    const sql = c.fromNewest ? POSITION_SQL.newer : POSITION_SQL.older;
    const [{ n }] = await queryRows<{ n: string }>(this.db, sql, [recipientId, c.issuedAt, c.id]);
    return c.fromNewest ? Number(n) + 1 : c.total - Number(n);
  }
}
