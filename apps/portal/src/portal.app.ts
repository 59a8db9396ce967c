import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { APPLICATIONS_VIEWS } from '@app/applications';
import { ACCOUNTS_VIEWS, UsersRepository } from '@app/accounts';
import { ANNOUNCEMENTS_VIEWS } from '@app/announcements';
import { AUTH_VIEWS, AuthSessionMiddleware } from '@app/auth';
import { COE_VIEWS } from '@app/coe';
import { MYPAGE_VIEWS } from '@app/mypage';
import { configureWebApp } from '@app/platform';
import { PROCEDURES_VIEWS } from '@app/procedures';
import { carriesLogin, noStoreWhenLoggedIn, SessionStore } from '@app/session';

export const PORTAL_SESSION_COOKIE = 'ro.sid';

/** The portal's web pipeline; used by main.ts and by the end-to-end tests alike. */
export function configurePortal(app: NestExpressApplication): NestExpressApplication {
  const auth = app.get(AuthSessionMiddleware);
  configureWebApp(app, {
    sessionCookie: PORTAL_SESSION_COOKIE,
    sessionStore: app
      .get(SessionStore)
      .store({ login: 'auth', accountId: 'userId', accounts: app.get(UsersRepository) }),
    carriesLogin,
    viewDirs: [
      ANNOUNCEMENTS_VIEWS,
      ACCOUNTS_VIEWS,
      AUTH_VIEWS,
      MYPAGE_VIEWS,
      COE_VIEWS,
      PROCEDURES_VIEWS,
      APPLICATIONS_VIEWS,
    ],
    middleware: [noStoreWhenLoggedIn, (req: Request, res: Response, next: NextFunction) => auth.use(req, res, next)],
  });
  return app;
}
