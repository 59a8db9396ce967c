import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@app/accounts';
import { AuditModule } from '@app/audit';
import { OfficerAuthService } from './officer-auth.service';
import { OfficerLoggedIn } from './officer-logged-in.guard';
import { OfficerSessionMiddleware } from './officer-session.middleware';
import { Officer } from './officer.entity';
import { OfficersService } from './officers.service';

const providers = [OfficersService, OfficerAuthService, OfficerSessionMiddleware, OfficerLoggedIn];

/** Officer accounts and the office console's login. AccountsModule lends the password hasher and policy. */
@Module({
  imports: [TypeOrmModule.forFeature([Officer]), AccountsModule, AuditModule],
  providers,
  exports: [...providers, AuditModule],
})
export class OfficersModule {}
