import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Clock, regenerateSession } from '@app/platform';
import { exactLastActivity, recordActivity, sessionExpired, sessionExpiresAt } from '@app/session';
import { OfficerAuthService } from './officer-auth.service';

/**
 * The 3-hour idle rule for officer sessions, enforced on the server: every request of a logged-in
 * officer either counts as activity or finds the session over and ends the login. Every request also
 * checks the login against the officer's credentials version in PostgreSQL. The exact last activity is
 * the signed activity cookie's; the session row is rewritten only every few minutes (recordActivity).
 */
@Injectable()
export class OfficerSessionMiddleware implements NestMiddleware {
  constructor(
    private readonly clock: Clock,
    private readonly auth: OfficerAuthService,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    this.apply(req, res).then(() => next(), next);
  }

  private async apply(req: Request, res: Response): Promise<void> {
    const officer = req.session?.officer;
    if (!officer) return;
    const now = this.clock.now();
    if (sessionExpired(exactLastActivity(req, officer, now), now)) {
      delete req.session.officer;
      req.session.officerNotice = 'expired';
      await this.auth.expired(officer, req.ip);
      return;
    }
    if (!(await this.auth.loginStands(officer, req.ip))) {
      // Password changed, locked, disabled or gone: this login is over, even if a request still in
      // flight writes the old session row back after it was deleted.
      await regenerateSession(req);
      return;
    }
    recordActivity(req, officer, now);
    // Not `user`: the shared header would then offer the portal's my page and its session dialog.
    res.locals.officer = {
      name: officer.name,
      loginId: officer.loginId,
      lastLoginAt: officer.previousLoginAt,
      expiresAt: sessionExpiresAt(now.getTime()).toISOString(),
    };
  }
}
