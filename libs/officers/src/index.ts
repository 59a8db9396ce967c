import { projectPath } from '@app/platform';

export * from './login-policy';
export * from './officer-account.forms';
export * from './officer-auth.service';
export * from './officer-login.controller';
export * from './officer-logout.controller';
export * from './officer-session.middleware';
export * from './officer.entity';
export * from './officers.module';
export * from './officers.repository';
export * from './officers.service';
export * from './one-time-password';
export * from './totp';
export * from './totp-secret';

export const OFFICERS_VIEWS = projectPath('libs/officers/src/views');
