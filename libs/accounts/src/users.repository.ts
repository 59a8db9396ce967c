import { Injectable } from '@nestjs/common';
import type { Gender } from '@app/fields';
import { Clock, likeLiteral, queryRows } from '@app/platform';
import { AccountTableRepository } from '@app/session';
import { DataSource, EntityManager } from 'typeorm';
import type { LegacyAccount } from './legacy/legacy-csv';
import type { UserQuery } from './office/user-search';
import { User } from './user.entity';
import { normalizeUserId } from './user-id';

/** A new account row: these fields are needed, the others take their defaults (timestamps: now). */
export type NewUser = Pick<User, 'loginId' | 'email' | 'category' | 'passwordHash'> & Partial<Omit<User, 'id'>>;

/** What an officer confirmed at approval (利用申出). */
export interface ApprovedDetails {
  gender: Gender;
  dateOfBirth: string;
  postalCode: string;
  address: string;
}

/** A line of the officers' user list. */
export interface UserListRow {
  login_id: string;
  category: string;
  name_en: string | null;
  email: string;
  approved_at: Date | null;
  created_at: Date;
}

/**
 * The WHERE clause of the officers' user search: the start of the user ID, of the e-mail address or of
 * the English name, case-insensitively. An empty search lists everyone.
 */
export function userSearchWhere(query: UserQuery): { sql: string; params: unknown[] } {
  const q = query.q.trim();
  if (!q) return { sql: '', params: [] };
  const upper = likeLiteral(q.replace(/\s+/g, ' ').toUpperCase());
  const lower = likeLiteral(q.toLowerCase());
  return {
    sql: `WHERE (upper(u.login_id) LIKE $1 || '%' OR upper(u.name_en) LIKE $1 || '%' OR lower(u.email) LIKE $2 || '%')`,
    params: [upper, lower],
  };
}

/**
 * The `app_user` table. Every read and write of accounts goes through here; login ID and e-mail are
 * compared case-insensitively, as the unique indexes are. Pass a transaction's manager to take part in it.
 */
@Injectable()
export class UsersRepository extends AccountTableRepository<User> {
  constructor(db: DataSource, clock: Clock) {
    super(db, clock, User);
  }

  findById(id: string, manager?: EntityManager, withPassword = false): Promise<User | null> {
    const qb = this.repo(manager).createQueryBuilder('u').where('u.id = :id', { id });
    if (withPassword) qb.addSelect('u.passwordHash');
    return qb.getOne();
  }

  /** The login IDs of these users, by id (one query for a whole page of another feature's rows). */
  async loginIdsOf(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await queryRows<{ id: string; login_id: string }>(
      this.db,
      `SELECT id, login_id FROM app_user WHERE id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r.login_id]));
  }

  /** The address and stored language of these users, by id (one query for a batch of another feature's mails). */
  async mailAddressesOf(ids: string[], manager?: EntityManager): Promise<Map<string, Pick<User, 'email' | 'lng'>>> {
    if (!ids.length) return new Map();
    const rows = await queryRows<{ id: string; email: string; lng: string }>(
      manager ?? this.db,
      `SELECT id, email, lng FROM app_user WHERE id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, { email: r.email, lng: r.lng }]));
  }

  findByLoginId(loginId: string, manager?: EntityManager, withPassword = false): Promise<User | null> {
    const qb = this.repo(manager)
      .createQueryBuilder('u')
      .where('upper(u.login_id) = :id', { id: normalizeUserId(loginId) });
    if (withPassword) qb.addSelect('u.passwordHash');
    return qb.getOne();
  }

  findByEmail(email: string, manager?: EntityManager): Promise<User | null> {
    return this.repo(manager)
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email: email.trim() })
      .getOne();
  }

  /** The row locked (SELECT … FOR UPDATE) until the transaction ends. */
  lockById(id: string, manager: EntityManager): Promise<User> {
    return this.repo(manager)
      .createQueryBuilder('u')
      .setLock('pessimistic_write')
      .where('u.id = :id', { id })
      .getOneOrFail();
  }

  /** Inserts one account as given (registration, and test factories); a taken ID or e-mail raises 23505. */
  async insert(row: NewUser, manager?: EntityManager): Promise<User> {
    const now = this.clock.now();
    const repo = this.repo(manager);
    return repo.save(repo.create({ passwordChangedAt: now, createdAt: now, updatedAt: now, ...row }));
  }

  /**
   * Inserts legacy accounts in one statement, skipping any whose ID or e-mail is taken; returns the
   * upper-cased IDs that were inserted.
   */
  async insertLegacy(accounts: LegacyAccount[], manager: EntityManager): Promise<Set<string>> {
    const values: unknown[] = accounts.flatMap((a) => [a.loginId, a.email, a.category, a.nameEn, a.passwordHash]);
    const at = `$${values.length + 1}`;
    const tuples = accounts.map((_a, i) => {
      const p = i * 5;
      return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, 'ja', true, ${at}, ${at}, ${at})`;
    });
    const sql = `INSERT INTO app_user
        (login_id, email, category, name_en, password_hash, lng, legacy, password_changed_at, created_at, updated_at)
      VALUES ${tuples.join(', ')}
      ON CONFLICT DO NOTHING RETURNING upper(login_id) AS id`;
    return new Set((await queryRows<{ id: string }>(manager, sql, [...values, this.clock.now()])).map((r) => r.id));
  }

  /** Which of these upper-cased login IDs exist. */
  async existingLoginIds(upperIds: string[], manager?: EntityManager): Promise<Set<string>> {
    const rows = await queryRows<{ id: string }>(
      manager ?? this.db,
      `SELECT upper(login_id) AS id FROM app_user WHERE upper(login_id) = ANY($1)`,
      [upperIds],
    );
    return new Set(rows.map((r) => r.id));
  }

  async countMatching(query: UserQuery): Promise<number> {
    const where = userSearchWhere(query);
    const [{ n }] = await queryRows<{ n: string }>(
      this.db,
      `SELECT count(*) AS n FROM app_user u ${where.sql}`,
      where.params,
    );
    return Number(n);
  }

  /** One page of the search, newest accounts first. */
  searchPage(query: UserQuery, page: number, size: number): Promise<UserListRow[]> {
    const where = userSearchWhere(query);
    return queryRows<UserListRow>(
      this.db,
      `SELECT u.login_id, u.category, u.name_en, u.email, u.approved_at, u.created_at
         FROM app_user u ${where.sql}
        ORDER BY u.created_at DESC, u.id DESC OFFSET $${where.params.length + 1} LIMIT $${where.params.length + 2}`,
      [...where.params, (page - 1) * size, size],
    );
  }

  async setLanguage(id: string, lng: string, manager?: EntityManager): Promise<void> {
    await this.repo(manager).update({ id }, { lng, updatedAt: this.clock.now() });
  }

  async approve(id: string, details: ApprovedDetails, manager: EntityManager): Promise<void> {
    const now = this.clock.now();
    await this.repo(manager).update({ id }, { ...details, approvedAt: now, updatedAt: now });
  }

  /**
   * A new password; `unlock` also clears the lock (a reset by mail proves the owner). Every login made
   * before ends; returns the new credentials version.
   */
  async setPassword(id: string, passwordHash: string, unlock: boolean, manager: EntityManager): Promise<number> {
    const now = this.clock.now();
    const lock = unlock ? { failedLogins: 0, lockedUntil: null } : {};
    await this.repo(manager).update({ id }, { passwordHash, ...lock, passwordChangedAt: now, updatedAt: now });
    return this.bumpCredentials(id, manager);
  }

  /** A new address (where reset links go): every login made before ends; returns the new credentials version. */
  async setEmail(id: string, email: string, manager: EntityManager): Promise<number> {
    await this.repo(manager).update({ id }, { email, updatedAt: this.clock.now() });
    return this.bumpCredentials(id, manager);
  }

  /** Phone, and postal code and address where given (undefined leaves a column as it is). */
  async setContact(
    id: string,
    change: { phone: string; postalCode?: string; address?: string },
    manager: EntityManager,
  ): Promise<void> {
    const update: Partial<User> = { phone: change.phone, updatedAt: this.clock.now() };
    if (change.postalCode !== undefined) update.postalCode = change.postalCode;
    if (change.address !== undefined) update.address = change.address;
    await this.repo(manager).update({ id }, update);
  }
}
