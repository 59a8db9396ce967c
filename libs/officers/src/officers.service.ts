import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AuditService } from '@app/audit';
import { Clock } from '@app/platform';
import { PasswordHasher } from '@app/session';
import { EntityManager, Repository } from 'typeorm';
import { isOfficerLoginId } from './login-policy';
import { Officer } from './officer.entity';
import { oneTimePassword } from './one-time-password';

/** An officer ID that is taken (compared case-insensitively) or malformed. */
export class OfficerIdError extends Error {}

export const OFFICER_NAME_MAX = 100;

export const officerActor = (loginId: string): string => `officer:${loginId}`;

/** Officer accounts: creation (CLI), look-ups, and the two first-login changes. */
@Injectable()
export class OfficersService {
  constructor(
    @InjectRepository(Officer) private readonly repo: Repository<Officer>,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  private repoOf(manager?: EntityManager): Repository<Officer> {
    return manager?.getRepository(Officer) ?? this.repo;
  }

  findById(id: string, manager?: EntityManager): Promise<Officer | null> {
    return this.repoOf(manager).findOne({ where: { id } });
  }

  findByLoginId(loginId: string, opts: { withPassword?: boolean; manager?: EntityManager } = {}) {
    const qb = this.repoOf(opts.manager)
      .createQueryBuilder('o')
      .where('upper(o.login_id) = upper(:id)', { id: loginId.trim() });
    if (opts.withPassword) qb.addSelect('o.passwordHash');
    return qb.getOne();
  }

  /** The officer row locked for this transaction (SELECT … FOR UPDATE), with the secrets. */
  lockRow(m: EntityManager, id: string): Promise<Officer> {
    return m
      .getRepository(Officer)
      .createQueryBuilder('o')
      .addSelect(['o.passwordHash', 'o.totpSecret'])
      .setLock('pessimistic_write')
      .where('o.id = :id', { id })
      .getOneOrFail();
  }

  /**
   * Creates an officer with a random one-time password, returned so the operator can hand it over;
   * only its hash is stored. Throws OfficerIdError for a malformed or taken ID.
   */
  async create(loginId: string, name: string, actor = 'cli'): Promise<{ officer: Officer; password: string }> {
    const id = loginId.trim();
    const cleanName = name.trim().replace(/\s+/g, ' ');
    if (!isOfficerLoginId(id)) {
      throw new OfficerIdError('the officer ID must be 3 to 32 letters, digits, ".", "_" or "-"');
    }
    if (!cleanName || cleanName.length > OFFICER_NAME_MAX) {
      throw new OfficerIdError(`the name must be 1 to ${OFFICER_NAME_MAX} characters`);
    }
    const password = oneTimePassword(id);
    const passwordHash = await this.hasher.hash(password);
    const now = this.clock.now();
    const officer = await this.repo.manager.transaction(async (m) => {
      // The unique index decides; ON CONFLICT keeps a race between two operators from raising.
      const rows = await m.query<{ id: string }[]>(
        `INSERT INTO officer (login_id, name, password_hash, must_change_password, created_at, updated_at)
         VALUES ($1, $2, $3, true, $4, $4)
         ON CONFLICT ((upper(login_id))) DO NOTHING
         RETURNING id`,
        [id, cleanName, passwordHash, now],
      );
      if (!rows.length) throw new OfficerIdError(`an officer with ID ${id} already exists`);
      await this.audit.record('officer.created', { actor, details: { officerId: rows[0].id, loginId: id } }, m);
      return m.getRepository(Officer).findOneByOrFail({ id: rows[0].id });
    });
    return { officer, password };
  }

  /** Sets the officer's own password in place of the one-time one. */
  async changePassword(officer: Pick<Officer, 'id' | 'loginId'>, password: string, ip?: string): Promise<void> {
    const passwordHash = await this.hasher.hash(password);
    await this.repo.manager.transaction(async (m) => {
      const now = this.clock.now();
      await m
        .getRepository(Officer)
        .update({ id: officer.id }, { passwordHash, mustChangePassword: false, updatedAt: now });
      await this.audit.record(
        'officer.password_changed',
        { actor: officerActor(officer.loginId), ip, details: { officerId: officer.id } },
        m,
      );
    });
  }

  /** Whether `password` is the officer's current one (to refuse keeping the one-time password). */
  async isCurrentPassword(id: string, password: string): Promise<boolean> {
    const row = await this.repo
      .createQueryBuilder('o')
      .addSelect('o.passwordHash')
      .where('o.id = :id', { id })
      .getOne();
    return row ? this.hasher.verify(password, row.passwordHash) : false;
  }
}
