import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuditService } from '@app/audit';
import { regenerateSession } from '@app/platform';
import { officerActor } from './officers.service';
import '@app/session';

/** ログアウト → confirmation → ログアウトする → logged out, as on the portal. */
@Controller('logout')
export class OfficerLogoutController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  logoutPage(@Req() req: Request, @Res() res: Response): void {
    if (!req.session.officer) return res.redirect(303, '/login');
    res.render('officers/logout', { titleKey: 'officers:logout.title' });
  }

  @Post()
  @HttpCode(200)
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    const officer = req.session.officer;
    if (officer) {
      await this.audit.record('officer.logout', {
        actor: officerActor(officer.loginId),
        ip: req.ip,
        details: { officerId: officer.officerId },
      });
    }
    await regenerateSession(req);
    res.locals.officer = undefined;
    res.render('officers/logged-out', { titleKey: 'officers:logout.doneTitle' });
  }
}
