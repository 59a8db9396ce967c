import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { MailModule } from '@app/mail';
import { Retention } from '@app/platform';
import { SessionModule } from '@app/session';
import { EmailTokenService } from './email-token.service';
import { EmailTokensRepository } from './email-tokens.repository';
import { LegacyImportService } from './legacy/legacy-import.service';
import { RecoveryService } from './recovery/recovery.service';
import { RegistrationService } from './registration/registration.service';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

const exported = [
  UsersService,
  UsersRepository,
  EmailTokenService,
  RegistrationService,
  RecoveryService,
  LegacyImportService,
];

/** Accounts own `app_user` and `email_token`; other features go through UsersService or UsersRepository. */
@Module({
  imports: [TypeOrmModule.forFeature([User]), MailModule, AuditModule, SessionModule],
  providers: [...exported, EmailTokensRepository],
  exports: exported,
})
export class AccountsModule implements OnModuleInit {
  constructor(
    private readonly retention: Retention,
    private readonly tokens: EmailTokenService,
  ) {}

  /** Spent e-mail tokens leave `email_token` in the retention job. */
  onModuleInit(): void {
    this.retention.register({ table: 'email_token', purge: (now, limit) => this.tokens.purgeSpent(now, limit) });
  }
}
