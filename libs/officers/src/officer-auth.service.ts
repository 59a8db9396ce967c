import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { Clock, SecretUnreadableError } from '@app/platform';
import {
  afterFailure,
  isLocked,
  OfficerSession,
  PasswordHasher,
  SessionsRepository,
  standingReadWithSession,
} from '@app/session';
import { DataSource, EntityManager } from 'typeorm';
import { Officer } from './officer.entity';
import { OfficersRepository } from './officers.repository';
import { officerActor } from './officers.service';
import { totpStep } from './totp';

export type FailureReason = 'unknown' | 'locked' | 'disabled' | 'wrong_password' | 'wrong_totp' | 'unreadable_secret';

export type PasswordStepResult = { ok: true; officer: Officer } | { ok: false; reason: FailureReason };

export type TotpStepResult =
  | { ok: true; officer: Officer; previousLoginAt: Date | null }
  /** `locked`: the account is locked now (before or by this attempt); the half-way login is over. */
  | { ok: false; reason: FailureReason | 'already_enrolled'; locked: boolean };

/**
 * The officer login: password, then TOTP, under the applicants' lock rule (5 consecutive failures lock
 * for 24 hours). Wrong passwords and wrong codes count alike, and only a complete login resets the
 * count, so knowing the password does not buy unlimited guesses at the code. Counting happens under
 * a row lock (SELECT … FOR UPDATE), so concurrent attempts are counted exactly.
 */
@Injectable()
export class OfficerAuthService {
  private readonly log = new Logger('OfficerAuth');

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly officers: OfficersRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsRepository,
    private readonly audit: AuditService,
  ) {}

  /** Step 1. Success does not log in yet and does not reset the count. */
  async checkPassword(loginId: string, password: string, ip?: string): Promise<PasswordStepResult> {
    const found = await this.officers.findByLoginId(loginId, { withPassword: true });
    if (!found) {
      await this.hasher.verifyNothing(password);
      await this.audit.record('officer.login_failed', {
        actor: officerActor(loginId.slice(0, 64)),
        ip,
        details: { reason: 'unknown' },
      });
      return { ok: false, reason: 'unknown' };
    }
    const barred = this.barred(found, this.clock.now());
    if (barred) {
      await this.hasher.verifyNothing(password);
      await this.failed(this.db.manager, found, barred, ip);
      return { ok: false, reason: barred };
    }
    // bcrypt outside the transaction: the row lock is held only for the decision.
    const good = await this.hasher.verify(password, found.passwordHash);
    const upgraded = good && this.hasher.needsRehash(found.passwordHash) ? await this.hasher.hash(password) : undefined;
    return this.db.transaction(async (m) => {
      const officer = await this.officers.lockById(found.id, m);
      const now = this.clock.now();
      const barredNow = this.barred(officer, now);
      if (barredNow) {
        await this.failed(m, officer, barredNow, ip);
        return { ok: false, reason: barredNow } as const;
      }
      if (!good) {
        await this.countFailure(m, officer, now, 'wrong_password', ip);
        return { ok: false, reason: 'wrong_password' } as const;
      }
      // The password is proven here, so its stronger hash is stored here (the TOTP step may never come).
      if (upgraded) await this.officers.upgradeHash(officer.id, found.passwordHash, upgraded, m);
      return { ok: true, officer } as const;
    });
  }

  /**
   * Step 2: the TOTP code, checked against the enrolled secret, or against `enrolSecret` during
   * enrolment (which it then records). A right code completes the login: count reset, last login time.
   */
  async checkTotp(officerId: string, code: string, ip?: string, enrolSecret?: string): Promise<TotpStepResult> {
    return this.db.transaction(async (m) => {
      const officer = await this.officers.lockById(officerId, m);
      const now = this.clock.now();
      const barred = this.barred(officer, now);
      if (barred) {
        await this.failed(m, officer, barred, ip);
        return { ok: false, reason: barred, locked: true } as const;
      }
      if (enrolSecret && officer.totpEnabledAt)
        return { ok: false, reason: 'already_enrolled', locked: false } as const;
      const secret = enrolSecret ?? this.enrolledSecret(officer);
      if (secret === undefined) {
        await this.failed(m, officer, 'unreadable_secret', ip);
        return { ok: false, reason: 'wrong_totp', locked: false } as const;
      }
      const step = secret ? totpStep(secret, code, now) : undefined;
      // Under the row lock, so of two submissions of one code only the first finds its step unused.
      const replayed = step !== undefined && officer.totpLastStep !== null && step <= officer.totpLastStep;
      if (step === undefined || replayed) {
        const locked = await this.countFailure(m, officer, now, 'wrong_totp', ip, replayed);
        return { ok: false, reason: 'wrong_totp', locked } as const;
      }
      const who = { actor: officerActor(officer.loginId), ip, details: { officerId: officer.id } };
      if (enrolSecret) {
        await this.officers.enrolTotp(officer.id, enrolSecret, now, m);
        await this.audit.record('officer.totp_enrolled', who, m);
      }
      await this.officers.useTotpStep(officer.id, step, m);
      await this.officers.recordLogin(officer.id, now, m);
      await this.audit.record('officer.login_succeeded', who, m);
      return { ok: true, officer, previousLoginAt: officer.lastLoginAt } as const;
    });
  }

  /**
   * The enrolled secret in plain (null: none), or undefined when no configured key opens it: a key left
   * out after a rotation, or a value changed or moved from another row. No code can be right then, so
   * the attempt is refused like a wrong code but not counted (the officer is not to blame); the log tells
   * the operator, without the value.
   */
  private enrolledSecret(officer: Officer): string | null | undefined {
    try {
      return this.officers.openTotpSecret(officer);
    } catch (e) {
      if (!(e instanceof SecretUnreadableError)) throw e;
      this.log.error(`officer ${officer.id}: ${e.message}; see SECRETS_ENCRYPTION_KEY / SECRETS_ENCRYPTION_OLD_KEYS`);
      return undefined;
    }
  }

  /** Why this officer may not log in at all now, if so: disabled by the operator, or locked. */
  private barred(officer: Officer, now: Date): 'disabled' | 'locked' | undefined {
    if (officer.disabledAt) return 'disabled';
    return isLocked(officer.lockedUntil, now) ? 'locked' : undefined;
  }

  /**
   * One more failure under the row lock; true when it locked the account. A lock bumps the credentials
   * version and ends every session of the officer, half-way logins included.
   */
  private async countFailure(
    m: EntityManager,
    officer: Officer,
    now: Date,
    reason: FailureReason,
    ip?: string,
    replayed = false,
  ): Promise<boolean> {
    const next = afterFailure(officer, now);
    await this.officers.setLoginFailures(officer.id, next, m);
    await this.failed(m, officer, reason, ip, next.failedLogins, replayed);
    if (next.lockedNow) {
      await this.sessions.endAllOfOfficer(officer.id, null, m);
      await this.audit.record(
        'officer.locked',
        { actor: officerActor(officer.loginId), ip, details: { officerId: officer.id, until: next.lockedUntil } },
        m,
      );
    }
    return next.lockedNow;
  }

  async logout(officer: Pick<OfficerSession, 'officerId' | 'loginId'>, ip?: string): Promise<void> {
    await this.audit.record('officer.logout', {
      actor: officerActor(officer.loginId),
      ip,
      details: { officerId: officer.officerId },
    });
  }

  /**
   * Whether this session's login still stands: the officer exists, is not disabled, and their
   * credentials are the ones the login proved. When not, the login is over (recorded here).
   */
  async loginStands(officer: Pick<OfficerSession, 'officerId' | 'loginId' | 'credentialsVersion'>, ip?: string) {
    const read = standingReadWithSession(officer);
    const version = read ? read.version : await this.officers.credentialsVersionOf(officer.officerId);
    if (version !== undefined && version === officer.credentialsVersion) return true;
    await this.audit.record('officer.session_revoked', {
      actor: officerActor(officer.loginId),
      ip,
      details: { officerId: officer.officerId },
    });
    return false;
  }

  /** The idle limit ended this login (the middleware found it so). */
  async expired(officer: Pick<OfficerSession, 'officerId' | 'loginId'>, ip?: string): Promise<void> {
    await this.audit.record('officer.session_expired', {
      actor: officerActor(officer.loginId),
      ip,
      details: { officerId: officer.officerId },
    });
  }

  private failed(
    m: EntityManager,
    officer: Officer,
    reason: FailureReason,
    ip?: string,
    count?: number,
    replayed?: boolean,
  ) {
    const details = { officerId: officer.id, reason, count, ...(replayed ? { replayed } : {}) };
    return this.audit.record('officer.login_failed', { actor: officerActor(officer.loginId), ip, details }, m);
  }
}
