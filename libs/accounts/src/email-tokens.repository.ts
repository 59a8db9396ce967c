import { Injectable } from '@nestjs/common';
import { deleteBatch, queryRows } from '@app/platform';
import { DataSource, EntityManager } from 'typeorm';

export type TokenPurpose = 'register' | 'reset_password' | 'change_email';

export interface EmailToken {
  id: string;
  purpose: TokenPurpose;
  email: string;
  userId: string | null;
  expiresAt: Date;
  usedAt: Date | null;
}

/** The `email_token` table: single-use links, kept by the SHA-256 of their raw value. */
@Injectable()
export class EmailTokensRepository {
  constructor(private readonly db: DataSource) {}

  async insert(
    row: Omit<EmailToken, 'id' | 'usedAt'> & { tokenHash: string; createdAt: Date },
    manager: EntityManager = this.db.manager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO email_token (purpose, token_hash, email, user_id, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [row.purpose, row.tokenHash, row.email, row.userId, row.expiresAt, row.createdAt],
    );
  }

  async findByHash(
    purpose: TokenPurpose,
    tokenHash: string,
    manager: EntityManager = this.db.manager,
  ): Promise<EmailToken | undefined> {
    return this.findOne(`token_hash = $1 AND purpose = $2`, [tokenHash, purpose], manager);
  }

  async findById(id: string, manager: EntityManager = this.db.manager): Promise<EmailToken | undefined> {
    return this.findOne(`id = $1`, [id], manager);
  }

  private async findOne(where: string, params: unknown[], manager: EntityManager): Promise<EmailToken | undefined> {
    const [row] = await queryRows<{
      id: string;
      purpose: TokenPurpose;
      email: string;
      user_id: string | null;
      expires_at: Date;
      used_at: Date | null;
    }>(manager, `SELECT id, purpose, email, user_id, expires_at, used_at FROM email_token WHERE ${where}`, params);
    if (!row) return undefined;
    return {
      id: row.id,
      purpose: row.purpose,
      email: row.email,
      userId: row.user_id,
      expiresAt: row.expires_at,
      usedAt: row.used_at,
    };
  }

  /** Marks every unused, unexpired token of `purpose` of the user as used at `now`: none can open anything any more. */
  async revokeOpen(userId: string, purpose: TokenPurpose, now: Date, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE email_token SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3`,
      [userId, purpose, now],
    );
  }

  /** Deletes up to `limit` tokens used, or expired, at or before `cutoff`. */
  deleteSpent(cutoff: Date, limit: number): Promise<number> {
    const where = 'used_at <= $1 OR expires_at <= $1';
    return deleteBatch(this.db, { table: 'email_token', key: 'id', where }, [cutoff], limit);
  }

  /** Marks the token used at `now` if it is still unused and unexpired; false otherwise. */
  async markUsed(id: string, now: Date, manager: EntityManager): Promise<boolean> {
    const rows = await queryRows(
      manager,
      `UPDATE email_token SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND expires_at > $2 RETURNING id`,
      [id, now],
    );
    return rows.length === 1;
  }
}
