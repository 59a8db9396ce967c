import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { UsersService } from '@app/accounts';
import { Clock, isLanguage, isSameSiteRequest, regenerateSession } from '@app/platform';
import { exactLastActivity, recordActivity, sessionExpired, sessionExpiresAt } from '@app/session';
import { AuthService } from './auth.service';

/** Polling the remaining time must not count as activity (SPEC §2). */
const isPassive = (req: Request) => req.method === 'GET' && req.path === '/session';

/**
 * Enforces the 3-hour idle logout on the server, whatever the browser does (JavaScript off, tab asleep):
 * every request of a logged-in user either proves activity or finds the session expired and ends it.
 * The exact last activity is the signed activity cookie's; the session row is rewritten only every few
 * minutes of activity (recordActivity).
 * Every request also checks the login against the account's credentials version in PostgreSQL.
 */
@Injectable()
export class AuthSessionMiddleware implements NestMiddleware {
  constructor(
    private readonly clock: Clock,
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    this.apply(req, res).then(() => next(), next);
  }

  private async apply(req: Request, res: Response): Promise<void> {
    const auth = req.session?.auth;
    if (auth) {
      const now = this.clock.now();
      if (sessionExpired(exactLastActivity(req, auth, now), now)) {
        delete req.session.auth;
        req.session.expiredNotice = true;
        await this.auth.expired(auth, req.ip);
      } else if (!(await this.auth.loginStands(auth, req.ip))) {
        // Password changed or reset, e-mail changed, account locked or gone: this login is over, even
        // if a request still in flight writes the old session row back after it was deleted.
        await regenerateSession(req);
      } else {
        if (!isPassive(req)) recordActivity(req, auth, now);
        // A language chosen while logged in becomes the language of the user's e-mails (SPEC §3); a
        // link from another site may switch the page, never the profile.
        if (isLanguage(req.query.lng) && auth.lng !== req.lng && isSameSiteRequest(req)) {
          await this.users.rememberLanguage(auth.userId, req.lng);
          auth.lng = req.lng;
        }
        res.locals.user = {
          displayName: auth.displayName,
          lastLoginAt: auth.previousLoginAt,
          expiresAt: sessionExpiresAt(exactLastActivity(req, auth, now)).toISOString(),
        };
      }
    }
  }
}
