import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { Language } from '@app/platform';
import { DataSource, EntityManager } from 'typeorm';
import { mailLanguageOf, User } from './user.entity';

export interface MailRecipient {
  email: string;
  lng: Language;
}
import { ApprovedDetails, UsersRepository } from './users.repository';

/** Accounts as other features see them: look-ups (case-insensitive on login ID and e-mail) and operator actions. */
@Injectable()
export class UsersService {
  constructor(
    private readonly db: DataSource,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
  ) {}

  findById(id: string, manager?: EntityManager): Promise<User | null> {
    return this.users.findById(id, manager);
  }

  /** The login IDs of these users, by id (lists of other features show whose rows they are). */
  loginIdsOf(ids: string[]): Promise<Map<string, string>> {
    return this.users.loginIdsOf(ids);
  }

  /** Where to mail these users and in which language, by id (see mailLanguageOf). */
  async mailRecipientsOf(ids: string[], manager?: EntityManager): Promise<Map<string, MailRecipient>> {
    const rows = await this.users.mailAddressesOf(ids, manager);
    return new Map([...rows].map(([id, u]) => [id, { email: u.email, lng: mailLanguageOf(u) }]));
  }

  findByLoginId(loginId: string, manager?: EntityManager, withPassword = false): Promise<User | null> {
    return this.users.findByLoginId(loginId, manager, withPassword);
  }

  findByEmail(email: string, manager?: EntityManager): Promise<User | null> {
    return this.users.findByEmail(email, manager);
  }

  /** A user's details as an officer opens them: officers may look at anyone, so each look is audited. */
  async showToOfficer(loginId: string, actor: string, ip?: string): Promise<User | null> {
    const user = await this.users.findByLoginId(loginId);
    if (user) await this.audit.record('user.viewed', { actor, userId: user.id, ip });
    return user;
  }

  /** Remembers the language the user last chose, for their e-mails. */
  rememberLanguage(id: string, lng: string): Promise<void> {
    return this.users.setLanguage(id, lng);
  }

  /** Lifts a lock at once (operator command); returns the login ID, or undefined if there is no such account. */
  async unlock(loginId: string, actor: string): Promise<string | undefined> {
    return this.db.transaction(async (m) => {
      const user = await this.users.findByLoginId(loginId, m);
      if (!user) return undefined;
      await this.users.unlock(user.id, m);
      await this.audit.record('account.unlocked', { actor, userId: user.id, details: { by: actor } }, m);
      return user.loginId;
    });
  }

  /** Records an officer's approval for online applications (利用申出) and the details it confirmed. */
  async approve(loginId: string, details: ApprovedDetails, actor: string): Promise<string | undefined> {
    return this.db.transaction(async (m) => {
      const user = await this.users.findByLoginId(loginId, m);
      if (!user) return undefined;
      await this.users.approve(user.id, details, m);
      await this.audit.record('account.approved', { actor, userId: user.id, details: { ...details } }, m);
      return user.loginId;
    });
  }

  /** What the header shows: the English name, or the user ID for accounts without one. */
  displayName(user: Pick<User, 'nameEn' | 'loginId'>): string {
    return user.nameEn ?? user.loginId;
  }
}
