import { Module } from '@nestjs/common';
import { AccountsModule } from '@app/accounts';
import { AuthSessionMiddleware } from './auth-session.middleware';
import { AuthService } from './auth.service';
import { LoggedIn } from './login-required';

@Module({
  imports: [AccountsModule],
  providers: [AuthService, AuthSessionMiddleware, LoggedIn],
  exports: [AuthService, AuthSessionMiddleware, LoggedIn, AccountsModule],
})
export class AuthModule {}
