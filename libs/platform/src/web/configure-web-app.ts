import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { APP_CONFIG, AppConfig } from '../config/config';
import { projectPath } from '../paths';
import { activityCookie } from './activity-cookie';
import { doubleSubmitCsrf } from './csrf';
import { AppExceptionFilter, expressErrorHandler } from './exception.filter';
import { preferencesMiddleware } from './preferences';
import { sessionSaving } from './session-saving';
import { senderAddress } from './mail-sender';
import { helperCookieName } from './signed-cookies';
import { drainTracking } from './drain';
import { createViewEngine } from './view-engine';

export interface WebAppOptions {
  /** Cookie name of this app's session; each app has its own so their logins never mix. */
  sessionCookie: string;
  /** Where sessions are kept (PostgreSQL, so that every instance shares them). */
  sessionStore: session.Store;
  /** Folders holding this app's views, in lookup order, after the shared ones. */
  viewDirs: string[];
  /** Extra locals for every page (app name, navigation…). */
  locals?: Record<string, unknown>;
  /** Whether the request's session holds a login (CSRF tokens are then bound to its id). */
  carriesLogin?: (req: Request) => boolean;
  /** The app's own middleware, run after sessions and CSRF and before the controllers. */
  middleware?: RequestHandler[];
}

export const SESSION_IDLE_MS = 3 * 3600 * 1000;
/**
 * A login's stored last activity is rewritten only once it is this old; the exact time lives in the
 * signed activity cookie. The row and the session cookie last the idle limit plus this step, so they
 * always outlive the exact limit, by at most this much.
 */
export const SESSION_ACTIVITY_STEP_MS = 5 * 60_000;
const PLATFORM_VIEWS = projectPath('libs/platform/src/web/views');

/**
 * Everything an HTML app needs in front of its controllers, in order: security headers, body parsing,
 * cookies, PostgreSQL-backed sessions, preferences, CSRF, the signed last activity, views, errors.
 */
export function configureWebApp(app: NestExpressApplication, options: WebAppOptions): void {
  const config = app.get<AppConfig>(APP_CONFIG);

  app.disable('x-powered-by');
  app.use(drainTracking(app.getHttpAdapter().getInstance()));
  if (config.trustProxy) app.set('trust proxy', 1);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          ...(config.production ? { upgradeInsecureRequests: [] } : { upgradeInsecureRequests: null }),
        },
      },
      hsts: config.production,
    }),
  );
  app.use('/assets', express.static(projectPath('libs/platform/src/web/public'), { maxAge: '1h', index: false }));
  app.use(cookieParser());
  // Before the body parsers: a body they refuse (size, charset, broken JSON) gets its error page in the
  // visitor's language too.
  app.use(preferencesMiddleware(config.production));
  app.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 200 }));
  app.use(express.json({ limit: '100kb' }));
  // Before sessions too, so that a page about a failing session store (the database is down) is still
  // in the visitor's language and has its contact link.
  const mailSender = senderAddress(config.mailFrom);
  app.use((_req: Request, res: Response, next: NextFunction) => {
    Object.assign(res.locals, { contactUrl: config.contactUrl, mailSender }, options.locals);
    next();
  });

  app.use(
    session({
      name: options.sessionCookie,
      secret: config.sessionSecret,
      store: options.sessionStore,
      resave: false,
      saveUninitialized: false,
      unset: 'destroy',
      rolling: false,
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.production,
        maxAge: SESSION_IDLE_MS + SESSION_ACTIVITY_STEP_MS,
      },
    }),
  );

  app.use(sessionSaving(options.sessionCookie));

  const csrf = doubleSubmitCsrf({
    cookie: helperCookieName(options.sessionCookie, 'csrf', config.production),
    secret: config.sessionSecret,
    secure: config.production,
    boundTo: (req) => (options.carriesLogin?.(req) ? req.sessionID : undefined),
  });
  app.use(csrf.issue);
  // The JSON API authenticates each request with a bearer key, not a cookie, so CSRF does not apply.
  app.use((req: Request, res: Response, next: NextFunction) =>
    req.path.startsWith('/api/') ? next() : csrf.check(req, res, next),
  );
  app.use(
    activityCookie({
      cookie: helperCookieName(options.sessionCookie, 'act', config.production),
      secret: config.sessionSecret,
      secure: config.production,
      maxAgeMs: SESSION_IDLE_MS + SESSION_ACTIVITY_STEP_MS,
    }),
  );
  for (const m of options.middleware ?? []) app.use(m);
  app.use(expressErrorHandler);

  app.engine(
    'hbs',
    createViewEngine({
      layoutsDir: `${PLATFORM_VIEWS}/layouts`,
      partialsDir: `${PLATFORM_VIEWS}/partials`,
      cache: config.production,
    }),
  );
  app.set('view engine', 'hbs');
  app.set('views', [...options.viewDirs, PLATFORM_VIEWS]);
  app.useGlobalFilters(new AppExceptionFilter());
}
