import { Injectable } from '@nestjs/common';
import { likeLiteral, queryRows } from '@app/platform';
import { DataSource } from 'typeorm';
import type { Coe, CoeParticulars, CoeProgress } from './coe.entity';
import { awaitingReceiptSql, ReceiptState, receiptStateSql } from './receipt-state';

/** Which certificates a list shows; every part given must hold. */
export interface CoeFilter {
  number?: string;
  /** The office search by a user ID or a name: this recipient's certificates, or a holder name starting so. */
  recipientOrName?: { recipientId: string | undefined; namePrefix: string };
  /** awaiting receipt (neither received nor revoked), received, or revoked. */
  receipt?: 'awaiting' | 'received' | 'revoked';
}

export type CoeListItem = Pick<Coe, 'id' | 'recipientId'> & CoeParticulars & CoeProgress & { state: ReceiptState };

/**
 * Where a list goes on from: after the last row of the previous batch (given as the row, or by its id
 * alone, whose sort key is then read back so no timestamp precision is lost), or from an offset.
 */
export type ListFrom = { after?: Pick<CoeListItem, 'issuedAt' | 'id'>; afterId?: string; offset?: number };

export interface WeekOfIssue {
  week: string;
  unregistered: number;
  reminded: number;
}

const RECEIPT_SQL = {
  awaiting: awaitingReceiptSql('c'),
  received: 'c.received_at IS NOT NULL',
  revoked: 'c.revoked_at IS NOT NULL',
} as const;

/** Delta rows a read may sum before it folds them (a few thousand rows sum in well under a millisecond). */
const FOLD_AFTER = 2000;

const TALLY_COLUMN = { all: 'total', awaiting: 'awaiting', received: 'received', revoked: 'revoked' } as const;

function where(filter: CoeFilter, params: unknown[]): string {
  const parts: string[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (filter.number !== undefined) parts.push(`c.number = ${param(filter.number)}`);
  if (filter.recipientOrName) {
    const { recipientId, namePrefix } = filter.recipientOrName;
    // The pattern is one parameter, so the planner sees its constant prefix (coe_holder_prefix_idx).
    const name = `upper(c.holder_name_en) LIKE ${param(`${likeLiteral(namePrefix.toUpperCase())}%`)}`;
    parts.push(recipientId ? `(c.recipient_id = ${param(recipientId)} OR ${name})` : name);
  }
  if (filter.receipt) parts.push(RECEIPT_SQL[filter.receipt]);
  return parts.length ? `WHERE ${parts.join(' AND ')}` : '';
}

const hasSearch = (filter: CoeFilter) => filter.number !== undefined || filter.recipientOrName !== undefined;

const LIST_COLUMNS = (
  now: string,
) => `c.id, c.number, c.recipient_id AS "recipientId", c.holder_name_en AS "holderNameEn",
       c.nationality, to_char(c.date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth", c.gender,
       c.status_of_residence AS "statusOfResidence", c.issuing_office AS "issuingOffice",
       c.issued_at AS "issuedAt", c.valid_until AS "validUntil", c.first_mailed_at AS "firstMailedAt",
       c.received_at AS "receivedAt", c.revoked_at AS "revokedAt", c.reminders_sent AS "remindersSent",
       ${receiptStateSql('c', now)} AS state`;

/** The statement of `CoeLedgerRepository.page` (exported for the benchmark's EXPLAIN). */
export function pageStatement(
  filter: CoeFilter,
  now: Date,
  offset: number,
  limit: number,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [now, offset, limit];
  let total: string;
  let rows: string;
  if (hasSearch(filter)) {
    total = `WITH m AS MATERIALIZED (SELECT c.id, c.issued_at FROM coe c ${where(filter, params)}),
                  t AS (SELECT count(*) AS n, 0 AS deltas FROM m)`;
    rows = `SELECT ${LIST_COLUMNS('$1')}
              FROM (SELECT id FROM m ORDER BY issued_at DESC, id DESC OFFSET $2 LIMIT $3) k JOIN coe c ON c.id = k.id`;
  } else {
    const column = TALLY_COLUMN[filter.receipt ?? 'all'];
    total = `WITH t AS (SELECT coalesce(sum(${column}), 0) AS n, count(*) AS deltas FROM coe_tally)`;
    rows = `SELECT ${LIST_COLUMNS('$1')} FROM coe c ${where(filter, params)}
             ORDER BY c.issued_at DESC, c.id DESC OFFSET $2 LIMIT $3`;
  }
  // One row even for an empty page, to carry the total.
  const sql = `${total} SELECT t.n AS total, t.deltas, p.* FROM t LEFT JOIN LATERAL (${rows}) p ON true
                ORDER BY p."issuedAt" DESC, p.id DESC`;
  return { sql, params };
}

/** The lists of all certificates, newest first (the office ledger, its CSV export, the API), and the dashboard. */
@Injectable()
export class CoeLedgerRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * How many certificates the filter shows. Without a search term it is read from the kept tallies
   * (coe_tally, a row per week of issue), not counted over the table; a search counts its matches only.
   */
  async count(filter: CoeFilter): Promise<number> {
    if (!hasSearch(filter)) {
      const column = TALLY_COLUMN[filter.receipt ?? 'all'];
      const [{ n, deltas }] = await queryRows<{ n: string; deltas: string }>(
        this.db,
        `SELECT coalesce(sum(${column}), 0) AS n, count(*) AS deltas FROM coe_tally`,
      );
      await this.foldTalliesOver(Number(deltas));
      return Number(n);
    }
    const params: unknown[] = [];
    const [{ n }] = await queryRows<{ n: string }>(
      this.db,
      `SELECT count(*) AS n FROM coe c ${where(filter, params)}`,
      params,
    );
    return Number(n);
  }

  /**
   * A page of the filtered list (newest first, from `offset`) and the filter's total, in one statement:
   * the total from the kept tallies without a search, else the count of the matches, whose sort keys
   * come from the indexes alone (coe_holder_prefix_idx and coe_recipient_idx cover them), so only the
   * page's rows are read from the table.
   */
  async page(
    filter: CoeFilter,
    now: Date,
    offset: number,
    limit: number,
  ): Promise<{ total: number; rows: CoeListItem[] }> {
    const { sql, params } = pageStatement(filter, now, offset, limit);
    const found = await queryRows<CoeListItem & { total: string; deltas: string }>(this.db, sql, params);
    await this.foldTalliesOver(Number(found[0].deltas));
    return {
      total: Number(found[0].total),
      rows: found.filter((r) => r.id !== null).map(({ total: _t, deltas: _d, ...row }) => row),
    };
  }

  /** Up to `limit` certificates, newest first, with their state as of `now`. */
  list(filter: CoeFilter, now: Date, from: ListFrom, limit: number): Promise<CoeListItem[]> {
    const params: unknown[] = [now];
    let sql = where(filter, params);
    if (from.after) {
      params.push(from.after.issuedAt, from.after.id);
      sql += `${sql ? ' AND' : 'WHERE'} (c.issued_at, c.id) < ($${params.length - 1}, $${params.length})`;
    }
    if (from.afterId !== undefined) {
      params.push(from.afterId);
      sql += `${sql ? ' AND' : 'WHERE'} (c.issued_at, c.id) < (SELECT p.issued_at, p.id FROM coe p WHERE p.id = $${params.length})`;
    }
    params.push(from.offset ?? 0, limit);
    return queryRows<CoeListItem>(
      this.db,
      `SELECT ${LIST_COLUMNS('$1')}
         FROM coe c ${sql}
        ORDER BY c.issued_at DESC, c.id DESC OFFSET $${params.length - 1} LIMIT $${params.length}`,
      params,
    );
  }

  private async foldTalliesOver(deltas: number): Promise<void> {
    if (deltas > FOLD_AFTER) await this.foldTallies();
  }

  /**
   * Folds the tallies' delta rows into one a week (reads do it once they sum more than FOLD_AFTER
   * of them, so reads stay short). Safe alongside writers and other folds: each fold sums exactly the rows its
   * DELETE removed (a row another fold took first is skipped), and rows added meanwhile stay.
   */
  async foldTallies(): Promise<void> {
    await this.db.query(
      `WITH gone AS (DELETE FROM coe_tally RETURNING *)
       INSERT INTO coe_tally (week, total, awaiting, reminded, received, revoked)
       SELECT week, sum(total), sum(awaiting), sum(reminded), sum(received), sum(revoked) FROM gone GROUP BY week`,
    );
  }

  /**
   * Certificates awaiting receipt by week of issue (Monday-based weeks, Japan time), newest 26 weeks,
   * from the kept tallies (migration CoeTally), which the triggers on coe keep exact in each transaction.
   */
  async weeksAwaitingReceipt(): Promise<WeekOfIssue[]> {
    const rows = await queryRows<{ week: string; unregistered: string; reminded: string; deltas: string }>(
      this.db,
      `SELECT to_char(t.week, 'YYYY-MM-DD') AS week, sum(t.awaiting) AS unregistered, sum(t.reminded) AS reminded,
              sum(count(*)) OVER () AS deltas
         FROM coe_tally t GROUP BY t.week HAVING sum(t.awaiting) > 0 ORDER BY t.week DESC LIMIT 26`,
    );
    await this.foldTalliesOver(Number(rows[0]?.deltas ?? 0));
    return rows.map((r) => ({ week: r.week, unregistered: Number(r.unregistered), reminded: Number(r.reminded) }));
  }
}
