import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureWebApp, projectPath } from '@app/platform';

/** Officers have their own session cookie: an applicant's login never opens the console, nor the reverse. */
export const OFFICE_SESSION_COOKIE = 'ro.office.sid';

export function configureOffice(app: NestExpressApplication): NestExpressApplication {
  configureWebApp(app, {
    sessionCookie: OFFICE_SESSION_COOKIE,
    viewDirs: [projectPath('apps/office/src/views')],
    locals: { office: true },
  });
  return app;
}
