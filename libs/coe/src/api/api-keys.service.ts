import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { APP_CONFIG, AppConfig, Clock } from '@app/platform';
import { DataSource } from 'typeorm';
import { ApiKeyListing, ApiKeysRepository } from './api-keys.repository';

const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');

/** As many leading characters as `api_key.prefix` keeps: enough to tell keys apart, useless as a secret. */
export const KEY_PREFIX_LENGTH = 10;

/** Bearer keys of the agency's examination system. Shown once at creation; only a hash is stored. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly db: DataSource,
    private readonly keys: ApiKeysRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A new key and its audit entry, in one transaction. */
  async create(name: string, actor: string): Promise<{ id: string; key: string }> {
    const key = `ro_${randomBytes(32).toString('base64url')}`;
    return this.db.transaction(async (m) => {
      const id = await this.keys.insert(
        { name, keyHash: hashOf(key), prefix: key.slice(0, KEY_PREFIX_LENGTH), createdAt: this.clock.now() },
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

  /**
   * The key if `authorization` carries a live one. A bearer that is malformed, unknown or revoked is
   * audited with the client address and the key's prefix (never the rest of it), within the bounds of
   * the settings; a request without an Authorization header is not.
   */
  async authenticate(
    authorization: string | undefined,
    ip?: string,
  ): Promise<{ id: string; name: string } | undefined> {
    if (authorization === undefined) return undefined;
    const m = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(authorization);
    if (!m) return this.rejected(ip, 'malformed');
    const hash = hashOf(m[1]);
    const key = await this.keys.touch(hash, this.clock.now());
    if (key) return key;
    return this.rejected(ip, (await this.keys.isRevoked(hash)) ? 'revoked' : 'unknown', m[1]);
  }

  private async rejected(ip: string | undefined, reason: string, key?: string): Promise<undefined> {
    await this.audit.recordBounded(
      'api.key_rejected',
      { ip, details: { reason, ...(key ? { prefix: key.slice(0, KEY_PREFIX_LENGTH) } : {}) } },
      { total: this.config.apiKeyRejectionsAuditedPerHour, perAddress: this.config.apiKeyRejectionsAuditedPerAddress },
    );
    return undefined;
  }
}
