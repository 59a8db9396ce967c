import { projectPath } from '@app/platform';

export * from './auth-session.middleware';
export * from './auth.module';
export * from './auth.service';
export * from './login.controller';
export * from './session.controller';

export const AUTH_VIEWS = projectPath('libs/auth/src/views');
