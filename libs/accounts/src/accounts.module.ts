import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { MailModule } from '@app/mail';
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
export class AccountsModule {}
