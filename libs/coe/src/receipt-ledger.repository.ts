import { Injectable } from '@nestjs/common';
import { queryRows } from '@app/platform';
import { DataSource } from 'typeorm';
import type { Coe } from './coe.entity';

export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;

export type LedgerRow = Pick<Coe, 'number' | 'firstMailedAt' | 'receivedAt' | 'revokedAt' | 'validUntil'>;

// Exported for the benchmark's EXPLAIN.
export const LEDGER_SQL = {
  page: `SELECT number, first_mailed_at AS "firstMailedAt", received_at AS "receivedAt",
                revoked_at AS "revokedAt", valid_until AS "validUntil"
           FROM coe WHERE recipient_id = $1 AND recipient_seq BETWEEN $2 AND $3
          ORDER BY recipient_seq DESC`,
  position: `SELECT r.certificates - c.recipient_seq + 1 AS position
               FROM coe c JOIN coe_recipient r ON r.recipient_id = c.recipient_id
              WHERE c.recipient_id = $1 AND c.number = $2`,
};

/**
 * The recipient's certificates, newest first, one page at a time (受領登録 list). The count is kept in
 * `coe_recipient` and each certificate's place in the list (`recipient_seq`, oldest = 1, in the list's
 * order issued_at, id) by issuance, so any page is one range of the index (recipient_id, recipient_seq)
 * and the mailed link finds its page from the certificate's row: page 5,000 costs what page 1 does.
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
    // Newest first: the page's first row is the (offset + 1)-th newest, whose place is total - offset.
    const top = total - (page - 1) * size;
    if (top < 1) return [];
    return queryRows<LedgerRow>(this.db, LEDGER_SQL.page, [recipientId, Math.max(top - size + 1, 1), top]);
  }

  /** 1-based position of a certificate in the recipient's list (for ?coe=NUMBER), or undefined. */
  async position(recipientId: string, number: string): Promise<number | undefined> {
    const [c] = await queryRows<{ position: number }>(this.db, LEDGER_SQL.position, [recipientId, number]);
    return c?.position;
  }
}
