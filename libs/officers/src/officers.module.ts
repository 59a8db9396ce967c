import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { SessionModule } from '@app/session';
import { OfficerAuthService } from './officer-auth.service';
import { OfficerSessionMiddleware } from './officer-session.middleware';
import { Officer } from './officer.entity';
import { OfficersRepository } from './officers.repository';
import { OfficersService } from './officers.service';

const providers = [OfficersService, OfficersRepository, OfficerAuthService, OfficerSessionMiddleware];

/** Officer accounts (the `officer` table) and the office console's login. */
@Module({
  imports: [TypeOrmModule.forFeature([Officer]), SessionModule, AuditModule],
  providers,
  exports: providers,
})
export class OfficersModule {}
