import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { Clock, queryRows } from '@app/platform';
import { DataSource } from 'typeorm';

const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');

/** Bearer keys of the agency's examination system. Shown once at creation; only a hash is stored. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async create(name: string, actor: string): Promise<{ id: string; key: string }> {
    const key = `ro_${randomBytes(32).toString('base64url')}`;
    const [row] = await queryRows<{ id: string }>(
      this.db,
      `INSERT INTO api_key (name, key_hash, prefix, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
      [name, hashOf(key), key.slice(0, 10), this.clock.now()],
    );
    await this.audit.record('apikey.created', { actor, details: { id: row.id, name } });
    return { id: row.id, key };
  }

  /** The key's id if `authorization` carries a live key. */
  async authenticate(authorization: string | undefined): Promise<{ id: string; name: string } | undefined> {
    const m = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(authorization ?? '');
    if (!m) return undefined;
    const [row] = await queryRows<{ id: string; name: string }>(
      this.db,
      `UPDATE api_key SET last_used_at = $2 WHERE key_hash = $1 AND revoked_at IS NULL RETURNING id, name`,
      [hashOf(m[1]), this.clock.now()],
    );
    return row;
  }
}
