import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { mailLanguageOf, User, UsersRepository } from '@app/accounts';
import { MailService } from '@app/mail';
import { Clock, Language } from '@app/platform';
import {
  afterFailure,
  AuthSession,
  isLocked,
  PasswordHasher,
  SessionsRepository,
  sessionsEnded,
  standingReadWithSession,
} from '@app/session';
import { DataSource } from 'typeorm';

export type LoginResult =
  | { ok: true; user: User; previousLoginAt: Date | null }
  | { ok: false; reason: 'unknown' | 'wrong_password' | 'locked' };

/**
 * 利用者ログイン with the lock rule. The password is checked first (bcrypt, off the event loop); the
 * count and the lock are then decided under a row lock, so concurrent wrong attempts are counted
 * exactly and none slips past the lock.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsRepository,
    private readonly mail: MailService,
    private readonly audit: AuditService,
  ) {}

  /** A login POST refused by the per-address limit, with the login ID as typed (it may name nobody). */
  async recordThrottled(typedLoginId: unknown, ip?: string): Promise<void> {
    const actor = typeof typedLoginId === 'string' ? typedLoginId.trim().slice(0, 64) : undefined;
    await this.audit.record('login.throttled', { actor, ip, details: { app: 'portal' } });
  }

  /**
   * `chosenLng`: a language picked on this device, which a successful login makes the language of the
   * user's e-mails (SPEC §3).
   */
  async login(loginId: string, password: string, ip?: string, chosenLng?: Language): Promise<LoginResult> {
    const found = await this.users.findByLoginId(loginId, undefined, true);
    if (!found) {
      await this.hasher.verifyNothing(password);
      await this.audit.record('login.failed', { actor: loginId.slice(0, 64), ip, details: { reason: 'unknown' } });
      return { ok: false, reason: 'unknown' };
    }
    if (isLocked(found.lockedUntil, this.clock.now())) {
      await this.hasher.verifyNothing(password);
      await this.audit.record('login.failed', {
        actor: found.loginId,
        userId: found.id,
        ip,
        details: { reason: 'locked' },
      });
      return { ok: false, reason: 'locked' };
    }
    const good = await this.hasher.verify(password, found.passwordHash);
    // Hashed before the transaction, like the check: the row lock is held only for the decision.
    const upgraded = good && this.hasher.needsRehash(found.passwordHash) ? await this.hasher.hash(password) : undefined;
    return this.db.transaction(async (m) => {
      const user = await this.users.lockById(found.id, m);
      const now = this.clock.now();
      const who = { actor: user.loginId, userId: user.id, ip };
      if (isLocked(user.lockedUntil, now)) {
        await this.audit.record('login.failed', { ...who, details: { reason: 'locked' } }, m);
        return { ok: false, reason: 'locked' } as const;
      }
      if (good && user.credentialsVersion !== found.credentialsVersion) {
        // The password was changed while this one was being checked: it proves the old credentials only.
        await this.audit.record('login.failed', { ...who, details: { reason: 'credentials_changed' } }, m);
        return { ok: false, reason: 'wrong_password' } as const;
      }
      if (!good) {
        const next = afterFailure(user, now);
        await this.users.setLoginFailures(user.id, next, m);
        await this.audit.record(
          'login.failed',
          { ...who, details: { reason: 'wrong_password', count: next.failedLogins } },
          m,
        );
        if (next.lockedNow) {
          const ended = await this.sessions.endAllOfUser(user.id, null, m);
          await this.audit.record('account.locked', { ...who, details: { until: next.lockedUntil } }, m);
          if (ended)
            await this.audit.record('session.revoked', sessionsEnded(user.loginId, user.id, ended, 'lock', ip), m);
          await this.mail.enqueue(
            {
              to: user.email,
              template: 'auth/locked',
              lng: mailLanguageOf(user),
              data: { lockedUntil: next.lockedUntil },
            },
            m,
          );
        }
        return { ok: false, reason: 'wrong_password' } as const;
      }
      await this.users.recordLogin(user.id, now, m);
      if (upgraded) await this.users.upgradeHash(user.id, found.passwordHash, upgraded, m);
      if (chosenLng && user.lng !== chosenLng) await this.users.setLanguage(user.id, chosenLng, m);
      await this.audit.record('login.succeeded', who, m);
      return { ok: true, user, previousLoginAt: user.lastLoginAt } as const;
    });
  }

  async logout(auth: Pick<AuthSession, 'userId' | 'loginId'>, ip?: string): Promise<void> {
    await this.audit.record('logout', { actor: auth.loginId, userId: auth.userId, ip });
  }

  /**
   * Whether this session's login still stands: the account exists and its credentials are the ones the
   * login proved. When not, the login is over (recorded here; the middleware ends the session).
   */
  async loginStands(auth: Pick<AuthSession, 'userId' | 'loginId' | 'credentialsVersion'>, ip?: string) {
    const read = standingReadWithSession(auth);
    const version = read ? read.version : await this.users.credentialsVersionOf(auth.userId);
    if (version !== undefined && version === auth.credentialsVersion) return true;
    await this.audit.record('session.revoked', { actor: auth.loginId, userId: auth.userId, ip });
    return false;
  }

  /** The idle limit ended this login (the middleware found it so). */
  async expired(auth: Pick<AuthSession, 'userId' | 'loginId'>, ip?: string): Promise<void> {
    await this.audit.record('session.expired', { actor: auth.loginId, userId: auth.userId, ip });
  }
}
