import { Module } from '@nestjs/common';
import { LoggedIn } from './logged-in.guard';
import { OfficerLoggedIn } from './officer-logged-in.guard';
import { PasswordHasher } from './password-hasher';
import { SessionStore } from './session-store';
import { SessionsRepository } from './sessions.repository';

const providers = [PasswordHasher, SessionsRepository, SessionStore, LoggedIn, OfficerLoggedIn];

/** What every feature with logins shares: the session table, the guards and the password hasher. */
@Module({ providers, exports: providers })
export class SessionModule {}
