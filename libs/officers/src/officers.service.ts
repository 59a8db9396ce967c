import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { PasswordHasher, SessionsRepository } from '@app/session';
import { Clock } from '@app/platform';
import { DataSource } from 'typeorm';
import { officerAccountForm } from './officer-account.forms';
import { Officer } from './officer.entity';
import { OfficersRepository } from './officers.repository';
import { oneTimePassword } from './one-time-password';

/** An officer ID that is taken (compared case-insensitively) or malformed. */
export class OfficerIdError extends Error {}

export const officerActor = (loginId: string): string => `officer:${loginId}`;

/** Officer accounts: creation, unlocking and disabling (CLI), look-ups, and the first login's password change. */
@Injectable()
export class OfficersService {
  constructor(
    private readonly db: DataSource,
    private readonly officers: OfficersRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  findById(id: string): Promise<Officer | null> {
    return this.officers.findById(id);
  }

  findByLoginId(loginId: string, opts: { withPassword?: boolean } = {}): Promise<Officer | null> {
    return this.officers.findByLoginId(loginId, opts);
  }

  /**
   * Creates an officer with a random one-time password, returned so the operator can hand it over;
   * only its hash is stored. Throws OfficerIdError for a malformed or taken ID (the message names the
   * field's i18n key when malformed: the CLI checks the same form first and says it in words).
   */
  async create(loginId: string, name: string, actor = 'cli'): Promise<{ officer: Officer; password: string }> {
    const form = officerAccountForm.safeParse({ loginId, name });
    if (!form.success) throw new OfficerIdError(form.error.issues.map((i) => i.message).join('; '));
    const { loginId: id, name: cleanName } = form.data;
    const password = oneTimePassword(id);
    const passwordHash = await this.hasher.hash(password);
    const officer = await this.db.transaction(async (m) => {
      const created = await this.officers.insert({ loginId: id, name: cleanName, passwordHash }, m);
      if (!created) throw new OfficerIdError(`an officer with ID ${id} already exists`);
      await this.audit.record('officer.created', { actor, details: { officerId: created.id, loginId: id } }, m);
      return created;
    });
    return { officer, password };
  }

  /** An officer login POST refused by the per-address limit, with the login ID as typed. */
  async recordThrottledLogin(typedLoginId: unknown, ip?: string): Promise<void> {
    const typed = typeof typedLoginId === 'string' ? typedLoginId.trim().slice(0, 64) : '';
    await this.audit.record('login.throttled', { actor: officerActor(typed), ip, details: { app: 'office' } });
  }

  /**
   * Sets the officer's own password in place of the one-time one; false (and nothing changed) when it
   * is the one-time password itself. Every other session of the officer ends; `keepSid` (the half-way
   * login making the change) goes on.
   */
  async changeOwnPassword(
    officer: Pick<Officer, 'id' | 'loginId'>,
    password: string,
    keepSid: string | null,
    ip?: string,
  ): Promise<boolean> {
    const current = await this.officers.passwordHashOf(officer.id);
    if (current && (await this.hasher.verify(password, current))) return false;
    const passwordHash = await this.hasher.hash(password);
    await this.db.transaction(async (m) => {
      await this.officers.setPassword(officer.id, passwordHash, m);
      await this.sessions.endAllOfOfficer(officer.id, keepSid, m);
      await this.audit.record(
        'officer.password_changed',
        { actor: officerActor(officer.loginId), ip, details: { officerId: officer.id } },
        m,
      );
    });
    return true;
  }

  /**
   * Seals under the current key the TOTP secrets sealed under an old one (after a rotation); how many.
   * Audited (with the officers' ids, never a value) in the same transaction, even when there were none.
   */
  resealSecrets(actor = 'cli'): Promise<number> {
    return this.db.transaction(async (m) => {
      const ids = await this.officers.resealTotpSecrets(m);
      await this.audit.record(
        'officer.secrets_resealed',
        { actor, details: { count: ids.length, officerIds: ids } },
        m,
      );
      return ids.length;
    });
  }

  /** Lifts a lock at once (operator command); the officer's login ID, or undefined if there is none. */
  async unlock(loginId: string, actor = 'cli'): Promise<string | undefined> {
    return this.db.transaction(async (m) => {
      const found = await this.officers.findByLoginId(loginId, { manager: m });
      if (!found) return undefined;
      await this.officers.unlock(found.id, m);
      await this.audit.record('officer.unlocked', { actor, details: { officerId: found.id, by: actor } }, m);
      return found.loginId;
    });
  }

  /**
   * The officer can no longer log in, and every session of theirs (half-way logins too) ends at once;
   * the officer's login ID, or undefined if there is none. Disabling twice keeps the first time.
   */
  async disable(loginId: string, actor = 'cli'): Promise<string | undefined> {
    return this.db.transaction(async (m) => {
      const found = await this.officers.findByLoginId(loginId, { manager: m });
      if (!found) return undefined;
      const officer = await this.officers.lockById(found.id, m);
      if (!officer.disabledAt) await this.officers.disable(officer.id, this.clock.now(), m);
      await this.sessions.endAllOfOfficer(officer.id, null, m);
      await this.audit.record('officer.disabled', { actor, details: { officerId: officer.id } }, m);
      return officer.loginId;
    });
  }
}
