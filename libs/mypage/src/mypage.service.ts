import { Inject, Injectable } from '@nestjs/common';
import { EmailTokenService, User, UsersRepository, mailLanguageOf } from '@app/accounts';
import { AuditService } from '@app/audit';
import { MailService } from '@app/mail';
import { APP_CONFIG, AppConfig, Clock, DomainError, isUniqueViolation } from '@app/platform';
import { LoginRequiredError, PasswordHasher, SessionsRepository, sessionsEnded } from '@app/session';
import { DataSource } from 'typeorm';
import { canChangeAddress } from './address-policy';

export class EmailLinkInvalidError extends DomainError {
  constructor() {
    super('mypage.emailLinkInvalid.body', 410);
  }
}

export class EmailLinkOtherUserError extends DomainError {
  constructor() {
    super('mypage.emailLinkOtherUser.body', 403);
  }
}

export class EmailTakenError extends DomainError {
  constructor() {
    super('mypage.emailTaken.body', 409);
  }
}

/** A crafted POST with fields this user may not change. */
export class FieldsNotAllowedError extends DomainError {
  constructor() {
    super('mypage.notAllowed', 403);
  }
}

export interface ProfileChange {
  phone: string;
  postalCode?: string;
  address?: string;
}

/** 利用者情報の変更 (SPEC §4): e-mail (verified by a mailed link), password, phone, postal code, address. */
@Injectable()
export class MyPageService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly users: UsersRepository,
    private readonly tokens: EmailTokenService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsRepository,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Mails a 24-hour link to the new address, if `currentPassword` is right (false, and nothing mailed,
   * if not). If another account already uses it, that address is told so instead; the user's page looks
   * the same either way. Either way, the user's older e-mail-change links end: only the newest request counts.
   */
  async requestEmailChange(user: User, currentPassword: string, newEmail: string, ip?: string): Promise<boolean> {
    const stored = await this.users.findById(user.id, undefined, true);
    if (!stored || !(await this.hasher.verify(currentPassword, stored.passwordHash))) return false;
    const lng = mailLanguageOf(user);
    await this.db.transaction(async (m) => {
      await this.tokens.revokeOpen(user.id, 'change_email', m);
      const owner = await this.users.findByEmail(newEmail, m);
      if (owner && owner.id !== user.id) {
        await this.mail.enqueue({ to: newEmail, template: 'mypage/email-taken', lng, data: {} }, m);
      } else {
        const { raw, expiresAt } = await this.tokens.issue('change_email', newEmail, user.id, m);
        const url = `${this.config.portalBaseUrl}/mypage/email/verify?token=${raw}`;
        await this.mail.enqueue(
          { to: newEmail, template: 'mypage/email-verify', lng, data: { expiresAt }, secrets: { url } },
          m,
        );
      }
      await this.audit.record(
        'email.change_requested',
        { actor: user.loginId, userId: user.id, ip, details: { taken: Boolean(owner && owner.id !== user.id) } },
        m,
      );
    });
    return true;
  }

  /**
   * Opens the mailed link as `userId`: changes the address once, and tells the old one. Other logins of
   * the user end; the new credentials version is returned for the session that opened the link.
   */
  async confirmEmailChange(
    userId: string,
    raw: unknown,
    ip?: string,
  ): Promise<{ email: string; credentialsVersion: number }> {
    const found = await this.tokens.lookup('change_email', raw);
    if (found.state !== 'valid') throw new EmailLinkInvalidError();
    if (found.token.userId !== userId) throw new EmailLinkOtherUserError();
    try {
      return await this.db.transaction(async (m) => {
        if (!(await this.tokens.consume(found.token.id, m))) throw new EmailLinkInvalidError();
        const user = await this.users.findById(userId, m);
        if (!user) throw new LoginRequiredError();
        const oldEmail = user.email;
        const now = this.clock.now();
        const credentialsVersion = await this.users.setEmail(userId, found.token.email, m);
        // Reset links went to the old address: whoever reads that mailbox can no longer take the account.
        await this.tokens.revokeOpen(userId, 'reset_password', m);
        await this.audit.record(
          'email.changed',
          { actor: user.loginId, userId, ip, details: { from: oldEmail, to: found.token.email } },
          m,
        );
        const lng = mailLanguageOf(user);
        await this.mail.enqueue(
          {
            to: oldEmail,
            template: 'mypage/email-changed-old',
            lng,
            data: { newEmail: found.token.email, changedAt: now },
          },
          m,
        );
        await this.mail.enqueue(
          { to: found.token.email, template: 'mypage/email-changed-new', lng, data: { changedAt: now } },
          m,
        );
        return { email: found.token.email, credentialsVersion };
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new EmailTakenError();
      throw e;
    }
  }

  /**
   * The new credentials version when the current password was right and the new one is now set (other
   * sessions end; `keepSid`'s takes the new version); undefined when the current password was wrong.
   */
  async changePassword(
    userId: string,
    current: string,
    next: string,
    keepSid: string,
    ip?: string,
  ): Promise<number | undefined> {
    const user = await this.users.findById(userId, undefined, true);
    if (!user || !(await this.hasher.verify(current, user.passwordHash))) return undefined;
    const hash = await this.hasher.hash(next);
    return this.db.transaction(async (m) => {
      const now = this.clock.now();
      const version = await this.users.setPassword(userId, hash, false, m);
      await this.tokens.revokeOpen(userId, 'reset_password', m);
      const ended = await this.sessions.endAllOfUser(userId, keepSid, m);
      await this.audit.record('password.changed', { actor: user.loginId, userId, ip }, m);
      if (ended)
        await this.audit.record(
          'session.revoked',
          sessionsEnded(user.loginId, userId, ended, 'password_change', ip),
          m,
        );
      await this.mail.enqueue(
        { to: user.email, template: 'accounts/password-changed', lng: mailLanguageOf(user), data: { changedAt: now } },
        m,
      );
      return version;
    });
  }

  /**
   * 変更する: the phone, and postal code and address where the user may change them. Eligibility is
   * checked again under the transaction: an approval may have been withdrawn since the form was sent.
   */
  async changeProfile(userId: string, change: ProfileChange, ip?: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const user = await this.users.findById(userId, m);
      if (!user) throw new LoginRequiredError();
      const withAddress = change.postalCode !== undefined || change.address !== undefined;
      if (withAddress && !canChangeAddress(user)) throw new FieldsNotAllowedError();
      const now = this.clock.now();
      await this.users.setContact(userId, change, m);
      const changed = Object.keys(change).filter((k) => change[k as keyof ProfileChange] !== user[k as keyof User]);
      await this.audit.record('profile.changed', { actor: user.loginId, userId, ip, details: { fields: changed } }, m);
      await this.mail.enqueue(
        { to: user.email, template: 'mypage/profile-changed', lng: mailLanguageOf(user), data: { changedAt: now } },
        m,
      );
    });
  }
}
