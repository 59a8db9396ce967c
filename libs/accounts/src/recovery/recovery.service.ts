import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { MailService } from '@app/mail';
import { APP_CONFIG, AppConfig, Clock } from '@app/platform';
import { PasswordHasher, SessionsRepository, sessionsEnded } from '@app/session';
import { DataSource } from 'typeorm';
import { EmailToken, EmailTokenService } from '../email-token.service';
import { mailLanguageOf, User } from '../user.entity';
import { UsersRepository } from '../users.repository';

/** A reset link is for the address it was mailed to: once the account's address changed, it opens nothing. */
const mailedToCurrentAddress = (token: EmailToken, user: User): boolean =>
  token.email.toLowerCase() === user.email.toLowerCase();

/**
 * Forgot user ID / forgot password (SPEC §2). Requests answer the same whether or not anything
 * matched; only the mailbox of a matching account ever hears of it.
 */
@Injectable()
export class RecoveryService {
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

  async forgotUserId(email: string, nameEn: string, ip?: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    // Legacy institution staff without an English name cannot match: the page explains this to everyone.
    const match = user && user.nameEn !== null && user.nameEn === nameEn ? user : undefined;
    await this.db.transaction(async (m) => {
      if (match) {
        await this.mail.enqueue(
          {
            to: match.email,
            template: 'accounts/forgot-id',
            lng: mailLanguageOf(match),
            data: { loginId: match.loginId },
          },
          m,
        );
      }
      await this.audit.record(
        'recovery.user_id_requested',
        { userId: match?.id, ip, details: { matched: Boolean(match) } },
        m,
      );
    });
  }

  async forgotPassword(loginId: string, email: string, ip?: string): Promise<void> {
    const user = await this.users.findByLoginId(loginId);
    const match = user && user.email.toLowerCase() === email.toLowerCase() ? user : undefined;
    await this.db.transaction(async (m) => {
      if (match) {
        const { raw, expiresAt } = await this.tokens.issue('reset_password', match.email, match.id, m);
        const url = `${this.config.portalBaseUrl}/reset-password?token=${raw}`;
        await this.mail.enqueue(
          {
            to: match.email,
            template: 'accounts/reset-link',
            lng: mailLanguageOf(match),
            data: { expiresAt },
            secrets: { url },
          },
          m,
        );
      }
      await this.audit.record(
        'recovery.password_reset_requested',
        { actor: loginId.slice(0, 64), userId: match?.id, ip, details: { matched: Boolean(match) } },
        m,
      );
    });
  }

  /** The account a reset link belongs to, if the link is still good. */
  async resetTarget(raw: unknown): Promise<User | undefined> {
    const found = await this.tokens.lookup('reset_password', raw);
    if (found.state !== 'valid' || !found.token.userId) return undefined;
    const user = await this.users.findById(found.token.userId);
    return user && mailedToCurrentAddress(found.token, user) ? user : undefined;
  }

  /**
   * Sets the new password, consuming the link and every other open reset link of the user, clearing
   * any lock and ending every session of the user, in one transaction. False when the link was used or
   * expired meanwhile, or the account's address is no longer the one it was mailed to.
   */
  async resetPassword(raw: unknown, password: string, ip?: string): Promise<boolean> {
    const hash = await this.hasher.hash(password);
    return this.db.transaction(async (m) => {
      const token = await this.tokens.consumeRaw('reset_password', raw, m);
      if (!token?.userId) return false;
      const user = await this.users.findById(token.userId, m);
      if (!user || !mailedToCurrentAddress(token, user)) return false;
      const now = this.clock.now();
      await this.users.setPassword(user.id, hash, true, m);
      await this.tokens.revokeOpen(user.id, 'reset_password', m);
      const ended = await this.sessions.endAllOfUser(user.id, null, m);
      const who = { actor: user.loginId, userId: user.id, ip };
      await this.audit.record('password.reset', who, m);
      if (ended)
        await this.audit.record(
          'session.revoked',
          sessionsEnded(user.loginId, user.id, ended, 'password_reset', ip),
          m,
        );
      if (user.lockedUntil && user.lockedUntil > now) {
        await this.audit.record('account.unlocked', { ...who, details: { by: 'password_reset' } }, m);
      }
      await this.mail.enqueue(
        {
          to: user.email,
          template: 'accounts/password-changed',
          lng: mailLanguageOf(user),
          data: { changedAt: now },
        },
        m,
      );
      return true;
    });
  }
}
