import { Module, OnModuleInit } from '@nestjs/common';
import { Retention } from '@app/platform';
import { LoggedIn } from './logged-in.guard';
import { OfficerLoggedIn } from './officer-logged-in.guard';
import { PasswordHasher } from './password-hasher';
import { SessionStore } from './session-store';
import { SessionsRepository } from './sessions.repository';

const providers = [PasswordHasher, SessionsRepository, SessionStore, LoggedIn, OfficerLoggedIn];

/** What every feature with logins shares: the session table, the guards and the password hasher. */
@Module({ providers, exports: providers })
export class SessionModule implements OnModuleInit {
  constructor(
    private readonly retention: Retention,
    private readonly sessions: SessionsRepository,
  ) {}

  /** Expired sessions leave the `session` table in the retention job. */
  onModuleInit(): void {
    this.retention.register({ table: 'session', purge: (now, limit) => this.sessions.deleteExpired(now, limit) });
  }
}
