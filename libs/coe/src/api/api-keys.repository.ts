import { Injectable } from '@nestjs/common';
import { queryRows } from '@app/platform';
import { DataSource, EntityManager } from 'typeorm';

/** A key as the operator sees it: never the key itself, nor its hash. */
export interface ApiKeyListing {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** The `api_key` table: bearer keys of the examination system, stored as SHA-256 hashes. */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly db: DataSource) {}

  async insert(
    key: { name: string; keyHash: string; prefix: string; createdAt: Date },
    m: EntityManager = this.db.manager,
  ): Promise<string> {
    const [row] = await queryRows<{ id: string }>(
      m,
      `INSERT INTO api_key (name, key_hash, prefix, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
      [key.name, key.keyHash, key.prefix, key.createdAt],
    );
    return row.id;
  }

  /** The live key with this hash, marked as used at `now`. */
  async touch(keyHash: string, now: Date): Promise<{ id: string; name: string } | undefined> {
    const [row] = await queryRows<{ id: string; name: string }>(
      this.db,
      `UPDATE api_key SET last_used_at = $2 WHERE key_hash = $1 AND revoked_at IS NULL RETURNING id, name`,
      [keyHash, now],
    );
    return row;
  }

  /** Whether a key with this hash exists but was revoked (a rejected key is logged as such). */
  async isRevoked(keyHash: string): Promise<boolean> {
    const rows = await queryRows<{ one: number }>(
      this.db,
      `SELECT 1 AS one FROM api_key WHERE key_hash = $1 AND revoked_at IS NOT NULL`,
      [keyHash],
    );
    return rows.length > 0;
  }

  /** Every key, oldest first. */
  list(): Promise<ApiKeyListing[]> {
    return queryRows<ApiKeyListing>(
      this.db,
      `SELECT id, name, prefix, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"
         FROM api_key ORDER BY created_at, id`,
    );
  }

  /** Revokes every live key with this name; their ids (none: no live key has the name). */
  async revokeByName(name: string, now: Date, m: EntityManager): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      m,
      `UPDATE api_key SET revoked_at = $2 WHERE name = $1 AND revoked_at IS NULL RETURNING id`,
      [name, now],
    );
    return rows.map((r) => r.id);
  }
}
