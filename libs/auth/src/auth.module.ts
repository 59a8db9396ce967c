import { Module } from '@nestjs/common';
import { AccountsModule } from '@app/accounts';
import { AuditModule } from '@app/audit';
import { MailModule } from '@app/mail';
import { SessionModule } from '@app/session';
import { AuthSessionMiddleware } from './auth-session.middleware';
import { AuthService } from './auth.service';

@Module({
  imports: [AccountsModule, SessionModule, MailModule, AuditModule],
  providers: [AuthService, AuthSessionMiddleware],
  exports: [AuthService, AuthSessionMiddleware],
})
export class AuthModule {}
