import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { PasswordHasher } from '@app/session';
import { DataSource } from 'typeorm';
import { officerAccountForm } from './officer-account.forms';
import { Officer } from './officer.entity';
import { OfficersRepository } from './officers.repository';
import { oneTimePassword } from './one-time-password';

/** An officer ID that is taken (compared case-insensitively) or malformed. */
export class OfficerIdError extends Error {}

export const officerActor = (loginId: string): string => `officer:${loginId}`;

/** Officer accounts: creation (CLI), look-ups, and the password change of the first login. */
@Injectable()
export class OfficersService {
  constructor(
    private readonly db: DataSource,
    private readonly officers: OfficersRepository,
    private readonly hasher: PasswordHasher,
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
   * is the one-time password itself.
   */
  async changeOwnPassword(officer: Pick<Officer, 'id' | 'loginId'>, password: string, ip?: string): Promise<boolean> {
    const current = await this.officers.passwordHashOf(officer.id);
    if (current && (await this.hasher.verify(password, current))) return false;
    const passwordHash = await this.hasher.hash(password);
    await this.db.transaction(async (m) => {
      await this.officers.setPassword(officer.id, passwordHash, m);
      await this.audit.record(
        'officer.password_changed',
        { actor: officerActor(officer.loginId), ip, details: { officerId: officer.id } },
        m,
      );
    });
    return true;
  }
}
