import { projectPath } from '@app/platform';

export * from './auth-session';
export * from './auth-session.middleware';
export * from './auth.module';
export * from './auth.service';
export * from './lock-policy';
export * from './login-required';
export * from './login.controller';
export * from './session-policy';
export * from './session.controller';

export const AUTH_VIEWS = projectPath('libs/auth/src/views');
