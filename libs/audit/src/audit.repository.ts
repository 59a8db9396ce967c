import { Injectable } from '@nestjs/common';
import { queryRows } from '@app/platform';
import { DataSource, EntityManager } from 'typeorm';

export interface AuditRow {
  at: Date;
  event: string;
  actor: string | null;
  userId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export type AuditLogEntry = AuditRow & { id: string };

/** Which entries a list shows; every part given must hold. `before` is exclusive. */
export interface AuditFilter {
  /** Compared without regard to case, as officer IDs are. */
  actor?: string;
  userId?: string;
  event?: string;
  from?: Date;
  before?: Date;
}

/** Where a list goes on from: after the last entry of the previous batch, or from an offset. */
export type AuditListFrom = { after?: Pick<AuditLogEntry, 'at' | 'id'>; offset?: number };

/** How many entries of one event a window may hold, in all and per client address. */
export interface AuditBound {
  since: Date;
  total: number;
  perAddress: number;
}

function where(filter: AuditFilter, params: unknown[]): string[] {
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const parts: string[] = [];
  if (filter.actor !== undefined) parts.push(`upper(a.actor) = upper(${param(filter.actor)})`);
  if (filter.userId !== undefined) parts.push(`a.user_id = ${param(filter.userId)}`);
  if (filter.event !== undefined) parts.push(`a.event = ${param(filter.event)}`);
  if (filter.from) parts.push(`a.at >= ${param(filter.from)}`);
  if (filter.before) parts.push(`a.at < ${param(filter.before)}`);
  return parts;
}

const whereSql = (parts: string[]) => (parts.length ? `WHERE ${parts.join(' AND ')}` : '');

/** The `audit_log` table: append-only, so inserting and reading are all there is. */
@Injectable()
export class AuditRepository {
  constructor(private readonly db: DataSource) {}

  async insert(row: AuditRow, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (at, event, actor, user_id, ip, details) VALUES ($1, $2, $3, $4, $5, $6)`,
      [row.at, row.event, row.actor, row.userId, row.ip, row.details],
    );
  }

  /**
   * Inserts unless the window since `bound.since` already holds `bound.total` entries of the event, or
   * `bound.perAddress` from the row's address; returns whether it did. Each count stops at its bound, so
   * the check costs little however hard the log is flooded. Concurrent inserts may pass a bound by the
   * number of requests in flight at once.
   */
  async insertBounded(row: AuditRow, bound: AuditBound): Promise<boolean> {
    const inserted = await queryRows<{ id: string }>(
      this.db,
      `INSERT INTO audit_log (at, event, actor, user_id, ip, details)
       SELECT $1, $2, $3, $4, $5, $6
        WHERE (SELECT count(*) FROM (SELECT 1 FROM audit_log
                WHERE event = $2 AND at >= $7 LIMIT $8) t) < $8
          AND (SELECT count(*) FROM (SELECT 1 FROM audit_log
                WHERE event = $2 AND ip IS NOT DISTINCT FROM $5 AND at >= $7 LIMIT $9) p) < $9
       RETURNING id`,
      [row.at, row.event, row.actor, row.userId, row.ip, row.details, bound.since, bound.total, bound.perAddress],
    );
    return inserted.length > 0;
  }

  async count(filter: AuditFilter): Promise<number> {
    const params: unknown[] = [];
    const [{ n }] = await queryRows<{ n: string }>(
      this.db,
      `SELECT count(*) AS n FROM audit_log a ${whereSql(where(filter, params))}`,
      params,
    );
    return Number(n);
  }

  /** Up to `limit` entries, newest first (ties in time by id, so pages and batches never skip one). */
  list(filter: AuditFilter, from: AuditListFrom, limit: number): Promise<AuditLogEntry[]> {
    const params: unknown[] = [];
    const parts = where(filter, params);
    if (from.after) {
      params.push(from.after.at, from.after.id);
      parts.push(`(a.at, a.id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(from.offset ?? 0, limit);
    return queryRows<AuditLogEntry>(
      this.db,
      `SELECT a.id, a.at, a.event, a.actor, a.user_id AS "userId", a.ip, a.details
         FROM audit_log a ${whereSql(parts)}
        ORDER BY a.at DESC, a.id DESC OFFSET $${params.length - 1} LIMIT $${params.length}`,
      params,
    );
  }
}
