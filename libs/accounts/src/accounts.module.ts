import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { MailModule } from '@app/mail';
import { EmailTokenService } from './email-token.service';
import { LegacyImportService } from './legacy/legacy-import.service';
import { PasswordHasher } from './password-hasher';
import { RecoveryService } from './recovery/recovery.service';
import { RegistrationService } from './registration/registration.service';
import { User } from './user.entity';
import { UserSessionsService } from './user-sessions.service';
import { UsersService } from './users.service';

const services = [
  UsersService,
  PasswordHasher,
  EmailTokenService,
  RegistrationService,
  RecoveryService,
  UserSessionsService,
  LegacyImportService,
];

@Module({
  imports: [TypeOrmModule.forFeature([User]), MailModule, AuditModule],
  providers: services,
  exports: [...services, MailModule, AuditModule],
})
export class AccountsModule {}
