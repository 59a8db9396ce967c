import type { NestExpressApplication } from '@nestjs/platform-express';
import { ANNOUNCEMENTS_VIEWS } from '@app/announcements';
import { configureWebApp } from '@app/platform';

export const PORTAL_SESSION_COOKIE = 'ro.sid';

/** The portal's web pipeline; used by main.ts and by the end-to-end tests alike. */
export function configurePortal(app: NestExpressApplication): NestExpressApplication {
  configureWebApp(app, { sessionCookie: PORTAL_SESSION_COOKIE, viewDirs: [ANNOUNCEMENTS_VIEWS] });
  return app;
}
