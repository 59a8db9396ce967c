import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { regenerateSession } from '@app/platform';
import { OfficerAuthService } from './officer-auth.service';
import '@app/session';

/** ログアウト → confirmation → ログアウトする → logged out, as on the portal. */
@Controller('logout')
export class OfficerLogoutController {
  constructor(private readonly auth: OfficerAuthService) {}

  @Get()
  logoutPage(@Req() req: Request, @Res() res: Response): void {
    if (!req.session.officer) return res.redirect(303, '/login');
    res.render('officers/logout', { titleKey: 'officers:logout.title' });
  }

  @Post()
  @HttpCode(200)
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    const officer = req.session.officer;
    if (officer) await this.auth.logout(officer, req.ip);
    await regenerateSession(req);
    res.locals.officer = undefined;
    res.render('officers/logged-out', { titleKey: 'officers:logout.doneTitle' });
  }
}
