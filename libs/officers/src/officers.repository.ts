import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock, isUuid, queryRows, SecretCipher } from '@app/platform';
import { AccountTableRepository } from '@app/session';
import { DataSource, EntityManager } from 'typeorm';
import { Officer } from './officer.entity';
import { totpSecretContext } from './totp-secret';

/**
 * A new officer row: these fields are needed, the others take their defaults (timestamps: now). A
 * `totpSecret` is given in plain and stored sealed.
 */
export type NewOfficer = Pick<Officer, 'loginId' | 'name' | 'passwordHash'> & Partial<Omit<Officer, 'id'>>;

/**
 * The `officer` table. Officer IDs are unique whatever their case (index on upper(login_id)). Pass a
 * transaction's manager to take part in it.
 */
@Injectable()
export class OfficersRepository extends AccountTableRepository<Officer> {
  /** A disabled officer's login does not stand, whatever its version. */
  protected override readonly loginStandsWhere = 'disabled_at IS NULL';

  constructor(
    db: DataSource,
    clock: Clock,
    private readonly cipher: SecretCipher,
  ) {
    super(db, clock, Officer);
  }

  findById(id: string, manager?: EntityManager): Promise<Officer | null> {
    return this.repo(manager).findOne({ where: { id } });
  }

  /** The login IDs of the officers among `ids`, in one read (a page names up to one per row). */
  async loginIdsOf(ids: readonly string[]): Promise<Map<string, string>> {
    // An id that is no uuid (an audit actor's) finds nothing rather than failing the page; the rest
    // are compared as uuids, so the primary key answers.
    const uuids = [...new Set(ids.filter(isUuid))];
    if (!uuids.length) return new Map();
    const rows = await queryRows<{ id: string; loginId: string }>(
      this.db,
      `SELECT id, login_id AS "loginId" FROM officer WHERE id = ANY($1::uuid[])`,
      [uuids],
    );
    return new Map(rows.map((r) => [r.id, r.loginId]));
  }

  findByLoginId(loginId: string, opts: { withPassword?: boolean; manager?: EntityManager } = {}) {
    const qb = this.repo(opts.manager)
      .createQueryBuilder('o')
      .where('upper(o.login_id) = upper(:id)', { id: loginId.trim() });
    if (opts.withPassword) qb.addSelect('o.passwordHash');
    return qb.getOne();
  }

  async passwordHashOf(id: string): Promise<string | undefined> {
    const row = await this.repo()
      .createQueryBuilder('o')
      .addSelect('o.passwordHash')
      .where('o.id = :id', { id })
      .getOne();
    return row?.passwordHash;
  }

  /** The row locked for this transaction (SELECT … FOR UPDATE), with the secrets (TOTP: sealed). */
  lockById(id: string, manager: EntityManager): Promise<Officer> {
    return this.repo(manager)
      .createQueryBuilder('o')
      .addSelect(['o.passwordHash', 'o.totpSecret'])
      .setLock('pessimistic_write')
      .where('o.id = :id', { id })
      .getOneOrFail();
  }

  /**
   * Inserts one officer as given (`officer:create`, and test factories); undefined when the ID is taken.
   * The unique index decides, so two operators racing for one ID do not raise.
   */
  async insert(row: NewOfficer, manager: EntityManager = this.db.manager): Promise<Officer | undefined> {
    const now = this.clock.now();
    // The id is chosen here because a TOTP secret given is sealed for it (its row is its context).
    const id = randomUUID();
    const [inserted] = await queryRows<{ id: string }>(
      manager,
      `INSERT INTO officer (id, login_id, name, password_hash, must_change_password, totp_secret, totp_enabled_at,
                            failed_logins, locked_until, last_login_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT ((upper(login_id))) DO NOTHING
       RETURNING id`,
      [
        id,
        row.loginId,
        row.name,
        row.passwordHash,
        row.mustChangePassword ?? true,
        row.totpSecret ? this.sealTotpSecret(id, row.totpSecret) : null,
        row.totpEnabledAt ?? null,
        row.failedLogins ?? 0,
        row.lockedUntil ?? null,
        row.lastLoginAt ?? null,
        row.createdAt ?? now,
        row.updatedAt ?? now,
      ],
    );
    return inserted ? this.repo(manager).findOneByOrFail({ id: inserted.id }) : undefined;
  }

  /** The officer's own password in place of the one-time one; logins made before end. */
  async setPassword(id: string, passwordHash: string, manager: EntityManager): Promise<void> {
    await this.repo(manager).update({ id }, { passwordHash, mustChangePassword: false, updatedAt: this.clock.now() });
    await this.bumpCredentials(id, manager);
  }

  /** `secret` in plain (Base32); the column gets it sealed. */
  async enrolTotp(id: string, secret: string, at: Date, manager: EntityManager): Promise<void> {
    await this.repo(manager).update(
      { id },
      { totpSecret: this.sealTotpSecret(id, secret), totpEnabledAt: at, updatedAt: at },
    );
  }

  /**
   * The enrolled secret in plain, from a row read with it (`lockById`); null when none is enrolled.
   * Throws SecretUnreadableError when no configured key opens it (a key missing after a rotation).
   */
  openTotpSecret(officer: Pick<Officer, 'id' | 'totpSecret'>): string | null {
    return officer.totpSecret === null ? null : this.cipher.open(officer.totpSecret, totpSecretContext(officer.id));
  }

  /**
   * Seals again under the current key every TOTP secret sealed under an old one (`officer:reseal-secrets`,
   * after a key rotation), in the caller's transaction; the ids of those moved. Rows locked: logins wait
   * for it, briefly.
   */
  async resealTotpSecrets(m: EntityManager): Promise<string[]> {
    const rows = await queryRows<{ id: string; sealed: string }>(
      m,
      `SELECT id, totp_secret AS sealed FROM officer WHERE totp_secret IS NOT NULL ORDER BY id FOR UPDATE`,
    );
    const old = rows.filter((r) => !this.cipher.isCurrent(r.sealed));
    for (const r of old) {
      const plain = this.cipher.open(r.sealed, totpSecretContext(r.id));
      await m.query(`UPDATE officer SET totp_secret = $2 WHERE id = $1`, [r.id, this.sealTotpSecret(r.id, plain)]);
    }
    return old.map((r) => r.id);
  }

  private sealTotpSecret(id: string, secret: string): string {
    return this.cipher.seal(secret, totpSecretContext(id));
  }

  /** The step of the code just accepted: it and every older code are refused from now on. */
  async useTotpStep(id: string, step: number, manager: EntityManager): Promise<void> {
    await this.repo(manager).update({ id }, { totpLastStep: step });
  }

  /** The officer can no longer log in, and every login of theirs ends. */
  async disable(id: string, at: Date, manager: EntityManager): Promise<void> {
    await this.repo(manager).update({ id }, { disabledAt: at, updatedAt: at });
    await this.bumpCredentials(id, manager);
  }
}
