import { Controller, Get, Render, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { OfficerLoggedIn } from '@app/session';

/** The console's top page: who is signed in; the sections add themselves to its menu. */
@Controller()
export class OfficeHomeController {
  @Get()
  @UseGuards(OfficerLoggedIn)
  @Render('office/home')
  home(@Req() req: Request) {
    const officer = req.session.officer!;
    return {
      officer: { name: officer.name, loginId: officer.loginId, lastLoginAt: officer.previousLoginAt },
    };
  }
}
