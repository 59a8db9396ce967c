import { Controller, Get, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { UsersService } from '@app/accounts';
import { LoggedIn, LoginRequiredError } from '@app/auth';

/** マイページ. */
@Controller('mypage')
@UseGuards(LoggedIn)
export class MyPageController {
  constructor(private readonly users: UsersService) {}

  @Get()
  async index(@Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.users.findById(req.session.auth!.userId);
    if (!user) throw new LoginRequiredError();
    res.render('mypage/index', {
      titleKey: 'mypage.title',
      profile: { ...user, displayName: this.users.displayName(user) },
    });
  }
}
