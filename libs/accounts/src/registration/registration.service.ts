import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { MailService } from '@app/mail';
import { APP_CONFIG, AppConfig, DomainError, isUniqueViolation, Language } from '@app/platform';
import { DataSource } from 'typeorm';
import { EmailTokenService } from '../email-token.service';
import { UsersRepository } from '../users.repository';
import { RegistrationState } from './registration.state';

export class RegistrationLinkUsedError extends DomainError {
  constructor() {
    super('register.linkInvalid.body', 410);
  }
}

export class EmailAlreadyRegisteredError extends DomainError {
  constructor() {
    super('register.alreadyRegistered.body', 409);
  }
}

@Injectable()
export class RegistrationService {
  constructor(
    private readonly db: DataSource,
    private readonly tokens: EmailTokenService,
    private readonly users: UsersRepository,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * メールアドレス入力: mails a 24-hour registration link, or, if the address already has an account,
   * a note saying so. The caller shows the same page either way (no account enumeration).
   */
  async requestEmail(email: string, lng: Language, ip?: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const existing = await this.users.findByEmail(email, m);
      if (existing) {
        await this.mail.enqueue({ to: email, template: 'accounts/register-exists', lng, data: {} }, m);
      } else {
        const { raw, expiresAt } = await this.tokens.issue('register', email, null, m);
        const url = `${this.config.portalBaseUrl}/register/verify?token=${raw}`;
        await this.mail.enqueue(
          { to: email, template: 'accounts/register-link', lng, data: { expiresAt }, secrets: { url } },
          m,
        );
      }
      await this.audit.record('registration.email_requested', { ip, details: { existing: Boolean(existing) } }, m);
    });
  }

  /** 登録する: consumes the link and creates the account in one transaction; mails the user ID. */
  async register(state: RegistrationState, lng: Language, ip?: string): Promise<string> {
    const d = state.details;
    if (!state.tokenId || !state.email || !state.loginId || !d) throw new RegistrationLinkUsedError();
    try {
      return await this.db.transaction(async (m) => {
        if (!(await this.tokens.consume(state.tokenId!, m))) throw new RegistrationLinkUsedError();
        const user = await this.users.insert(
          {
            loginId: state.loginId!,
            email: state.email!,
            category: d.category,
            nameEn: d.nameEn,
            phone: d.phone,
            passwordHash: d.passwordHash,
            lng,
            organizationName: d.organizationName ?? null,
            qualification: d.qualification ?? null,
            associationName: d.associationName ?? null,
            registrationNumber: d.registrationNumber ?? null,
            relationship: d.relationship ?? null,
          },
          m,
        );
        await this.audit.record('registration.completed', { actor: user.loginId, userId: user.id, ip }, m);
        const loginUrl = `${this.config.portalBaseUrl}/login`;
        await this.mail.enqueue(
          { to: user.email, template: 'accounts/registered', lng, data: { loginId: user.loginId, loginUrl } },
          m,
        );
        return user.loginId;
      });
    } catch (e) {
      // Another account took this address (or, astronomically rarely, this ID) since the link was sent.
      if (isUniqueViolation(e)) throw new EmailAlreadyRegisteredError();
      throw e;
    }
  }
}
