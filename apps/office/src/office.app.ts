import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { ACCOUNTS_VIEWS } from '@app/accounts';
import { ANNOUNCEMENTS_VIEWS } from '@app/announcements';
import { APPLICATIONS_VIEWS } from '@app/applications';
import { COE_VIEWS } from '@app/coe';
import { OFFICERS_VIEWS, OfficerSessionMiddleware, OfficersRepository } from '@app/officers';
import { configureWebApp, projectPath } from '@app/platform';
import { carriesLogin, noStoreWhenLoggedIn, SessionStore } from '@app/session';

/** Officers have their own session cookie: an applicant's login never opens the console, nor the reverse. */
export const OFFICE_SESSION_COOKIE = 'ro.office.sid';

export function configureOffice(app: NestExpressApplication): NestExpressApplication {
  const officerSession = app.get(OfficerSessionMiddleware);
  configureWebApp(app, {
    sessionCookie: OFFICE_SESSION_COOKIE,
    sessionStore: app
      .get(SessionStore)
      .store({ login: 'officer', accountId: 'officerId', accounts: app.get(OfficersRepository) }),
    carriesLogin,
    viewDirs: [
      projectPath('apps/office/src/views'),
      OFFICERS_VIEWS,
      COE_VIEWS,
      ACCOUNTS_VIEWS,
      ANNOUNCEMENTS_VIEWS,
      APPLICATIONS_VIEWS,
    ],
    locals: { office: true },
    middleware: [
      noStoreWhenLoggedIn,
      (req: Request, res: Response, next: NextFunction) => officerSession.use(req, res, next),
    ],
  });
  return app;
}
