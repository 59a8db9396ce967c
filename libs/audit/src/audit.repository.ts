import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface AuditRow {
  at: Date;
  event: string;
  actor: string | null;
  userId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/** The `audit_log` table: append-only, so inserting is all there is. */
@Injectable()
export class AuditRepository {
  constructor(private readonly db: DataSource) {}

  async insert(row: AuditRow, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (at, event, actor, user_id, ip, details) VALUES ($1, $2, $3, $4, $5, $6)`,
      [row.at, row.event, row.actor, row.userId, row.ip, row.details],
    );
  }
}
