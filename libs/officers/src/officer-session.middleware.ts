import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AuditService } from '@app/audit';
import { Clock } from '@app/platform';
import { sessionExpired, sessionExpiresAt } from '@app/session';
import { officerActor } from './officers.service';

/**
 * The 3-hour idle rule for officer sessions, enforced on the server: every request of a logged-in
 * officer either counts as activity or finds the session over and ends the login.
 */
@Injectable()
export class OfficerSessionMiddleware implements NestMiddleware {
  constructor(
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    this.apply(req, res).then(() => next(), next);
  }

  private async apply(req: Request, res: Response): Promise<void> {
    const officer = req.session?.officer;
    if (!officer) return;
    const now = this.clock.now();
    if (sessionExpired(officer.lastActivityAt, now)) {
      delete req.session.officer;
      req.session.officerNotice = 'expired';
      await this.audit.record('officer.session_expired', {
        actor: officerActor(officer.loginId),
        ip: req.ip,
        details: { officerId: officer.officerId },
      });
      return;
    }
    officer.lastActivityAt = now.getTime();
    // Not `user`: the shared header would then offer the portal's my page and its session dialog.
    res.locals.officer = {
      name: officer.name,
      loginId: officer.loginId,
      lastLoginAt: officer.previousLoginAt,
      expiresAt: sessionExpiresAt(officer.lastActivityAt).toISOString(),
    };
  }
}
