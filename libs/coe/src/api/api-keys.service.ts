import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { Clock } from '@app/platform';
import { DataSource } from 'typeorm';
import { ApiKeyListing, ApiKeysRepository } from './api-keys.repository';

const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');

/** Bearer keys of the agency's examination system. Shown once at creation; only a hash is stored. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly db: DataSource,
    private readonly keys: ApiKeysRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** A new key and its audit entry, in one transaction. */
  async create(name: string, actor: string): Promise<{ id: string; key: string }> {
    const key = `ro_${randomBytes(32).toString('base64url')}`;
    return this.db.transaction(async (m) => {
      const id = await this.keys.insert(
        { name, keyHash: hashOf(key), prefix: key.slice(0, 10), createdAt: this.clock.now() },
        m,
      );
      await this.audit.record('apikey.created', { actor, details: { id, name } }, m);
      return { id, key };
    });
  }

  list(): Promise<ApiKeyListing[]> {
    return this.keys.list();
  }

  /**
   * Revokes the live keys named `name` (names need not be unique, so all of them), audited in the same
   * transaction; the next request with one of them is refused. Returns their ids, none if no live key
   * has that name.
   */
  async revoke(name: string, actor: string): Promise<string[]> {
    return this.db.transaction(async (m) => {
      const ids = await this.keys.revokeByName(name, this.clock.now(), m);
      for (const id of ids) await this.audit.record('apikey.revoked', { actor, details: { id, name } }, m);
      return ids;
    });
  }

  /** The key's id if `authorization` carries a live key. */
  async authenticate(authorization: string | undefined): Promise<{ id: string; name: string } | undefined> {
    const m = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(authorization ?? '');
    if (!m) return undefined;
    return this.keys.touch(hashOf(m[1]), this.clock.now());
  }
}
