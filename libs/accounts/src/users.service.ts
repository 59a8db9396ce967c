import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AuditService } from '@app/audit';
import { Clock } from '@app/platform';
import { EntityManager, In, Repository } from 'typeorm';
import { User } from './user.entity';
import { normalizeUserId } from './user-id';

/** Look-ups of accounts, always case-insensitive on login ID and e-mail (as the unique indexes are). */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly repo: Repository<User>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  findById(id: string, manager?: EntityManager): Promise<User | null> {
    return (manager?.getRepository(User) ?? this.repo).findOne({ where: { id } });
  }

  /** The login IDs of these users, by id (lists of other features show whose rows they are). */
  async loginIdsOf(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const users = await this.repo.find({ where: { id: In([...new Set(ids)]) }, select: { id: true, loginId: true } });
    return new Map(users.map((u) => [u.id, u.loginId]));
  }

  findByLoginId(loginId: string, manager?: EntityManager, withPassword = false): Promise<User | null> {
    const qb = (manager?.getRepository(User) ?? this.repo)
      .createQueryBuilder('u')
      .where('upper(u.login_id) = :id', { id: normalizeUserId(loginId) });
    if (withPassword) qb.addSelect('u.passwordHash');
    return qb.getOne();
  }

  findByEmail(email: string, manager?: EntityManager): Promise<User | null> {
    return (manager?.getRepository(User) ?? this.repo)
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email: email.trim() })
      .getOne();
  }

  /** Remembers the language the user last chose, for their e-mails. */
  async rememberLanguage(id: string, lng: string): Promise<void> {
    await this.repo.update({ id }, { lng, updatedAt: this.clock.now() });
  }

  /** Lifts a lock at once (operator command); returns the login ID, or undefined if there is no such account. */
  async unlock(loginId: string, actor: string): Promise<string | undefined> {
    return this.repo.manager.transaction(async (m) => {
      const user = await this.findByLoginId(loginId, m);
      if (!user) return undefined;
      await m
        .getRepository(User)
        .update({ id: user.id }, { failedLogins: 0, lockedUntil: null, updatedAt: this.clock.now() });
      await this.audit.record('account.unlocked', { actor, userId: user.id, details: { by: actor } }, m);
      return user.loginId;
    });
  }

  /** Records an officer's approval for online applications (利用申出) and the details it confirmed. */
  async approve(
    loginId: string,
    details: { gender: 'male' | 'female'; dateOfBirth: string; postalCode: string; address: string },
    actor: string,
  ): Promise<string | undefined> {
    return this.repo.manager.transaction(async (m) => {
      const user = await this.findByLoginId(loginId, m);
      if (!user) return undefined;
      const now = this.clock.now();
      await m.getRepository(User).update({ id: user.id }, { ...details, approvedAt: now, updatedAt: now });
      await this.audit.record('account.approved', { actor, userId: user.id, details: { ...details } }, m);
      return user.loginId;
    });
  }

  /** What the header shows: the English name, or the user ID for accounts without one. */
  displayName(user: Pick<User, 'nameEn' | 'loginId'>): string {
    return user.nameEn ?? user.loginId;
  }
}
