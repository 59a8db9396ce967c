import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Clock } from '@app/platform';
import { exactLastActivity, sessionExpiresAt } from '@app/session';

/**
 * The auto-logout dialog's server side. GET /session reports the expiry without extending it;
 * POST /session/extend (CSRF-protected) counts as activity and so grants another 3 hours.
 */
@Controller('session')
export class SessionController {
  constructor(private readonly clock: Clock) {}

  private answer(req: Request, res: Response): void {
    res.setHeader('Cache-Control', 'no-store');
    const auth = req.session.auth;
    if (!auth) {
      // Not an error for the polling page: it learns that the session is over and goes to login.
      res.json({ expiresAt: null, now: this.clock.now().toISOString() });
      return;
    }
    const now = this.clock.now();
    res.json({ expiresAt: sessionExpiresAt(exactLastActivity(req, auth, now)).toISOString(), now: now.toISOString() });
  }

  @Get()
  status(@Req() req: Request, @Res() res: Response): void {
    this.answer(req, res);
  }

  @Post('extend')
  @HttpCode(200)
  extend(@Req() req: Request, @Res() res: Response): void {
    // The activity itself was recorded by AuthSessionMiddleware; report the new expiry.
    this.answer(req, res);
  }
}
