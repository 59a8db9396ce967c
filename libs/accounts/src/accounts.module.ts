import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { MailModule } from '@app/mail';
import { SessionModule } from '@app/session';
import { EmailTokenService } from './email-token.service';
import { LegacyImportService } from './legacy/legacy-import.service';
import { RecoveryService } from './recovery/recovery.service';
import { RegistrationService } from './registration/registration.service';
import { User } from './user.entity';
import { UsersService } from './users.service';

const services = [UsersService, EmailTokenService, RegistrationService, RecoveryService, LegacyImportService];

@Module({
  imports: [TypeOrmModule.forFeature([User]), MailModule, AuditModule, SessionModule],
  providers: services,
  exports: services,
})
export class AccountsModule {}
