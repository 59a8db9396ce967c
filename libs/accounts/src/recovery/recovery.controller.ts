import { Body, Controller, Get, Post, Query, Req, Res, HttpCode } from '@nestjs/common';
import type { Request, Response } from 'express';
import { passwordPair } from '@app/fields';
import { keptInput, regenerateSession, renderThrottled, ThrottleService, validateForm } from '@app/platform';
import { forgotIdForm, forgotPasswordForm } from './recovery.forms';
import { RecoveryService } from './recovery.service';

/** 利用者IDを忘れた場合 / パスワードを忘れた場合 / パスワード再設定. */
@Controller()
export class RecoveryController {
  constructor(
    private readonly recovery: RecoveryService,
    private readonly throttle: ThrottleService,
  ) {}

  @Get('forgot-id')
  forgotIdPage(@Res() res: Response): void {
    res.render('accounts/forgot-id', { titleKey: 'forgotId.title', values: {} });
  }

  @Post('forgot-id')
  @HttpCode(200)
  async forgotId(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    const page = { titleKey: 'forgotId.title', values: keptInput(body) };
    const form = validateForm(forgotIdForm, body);
    const limited = await this.throttle.exceededForMail(req.ip, form.ok ? form.values.email : undefined);
    if (limited) return renderThrottled(res, limited, 'accounts/forgot-id', page);
    if (!form.ok) return void res.status(422).render('accounts/forgot-id', { ...page, errors: form.errors });
    await this.recovery.forgotUserId(form.values.email, form.values.nameEn, req.ip);
    res.render('accounts/forgot-id-sent', { titleKey: 'forgotId.sentTitle' });
  }

  @Get('forgot-password')
  forgotPasswordPage(@Res() res: Response): void {
    res.render('accounts/forgot-password', { titleKey: 'forgotPassword.title', values: {} });
  }

  @Post('forgot-password')
  @HttpCode(200)
  async forgotPassword(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    const page = { titleKey: 'forgotPassword.title', values: keptInput(body) };
    const form = validateForm(forgotPasswordForm, body);
    const limited = await this.throttle.exceededForMail(req.ip, form.ok ? form.values.email : undefined);
    if (limited) return renderThrottled(res, limited, 'accounts/forgot-password', page);
    if (!form.ok) return void res.status(422).render('accounts/forgot-password', { ...page, errors: form.errors });
    await this.recovery.forgotPassword(form.values.userId, form.values.email, req.ip);
    res.render('accounts/forgot-password-sent', { titleKey: 'forgotPassword.sentTitle' });
  }

  private linkInvalid(res: Response): void {
    res.status(410).render('accounts/reset-link-invalid', { titleKey: 'resetPassword.invalidTitle' });
  }

  @Get('reset-password')
  async resetPage(@Res() res: Response, @Query('token') token: unknown): Promise<void> {
    const user = await this.recovery.resetTarget(token);
    if (!user) return this.linkInvalid(res);
    res.render('accounts/reset-password', { titleKey: 'resetPassword.title', token });
  }

  @Post('reset-password')
  @HttpCode(200)
  async reset(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const page = { titleKey: 'resetPassword.title', token: body.token };
    const limited = await this.throttle.exceeded('login', req.ip);
    if (limited) return renderThrottled(res, limited, 'accounts/reset-password', page);
    const user = await this.recovery.resetTarget(body.token);
    if (!user) return this.linkInvalid(res);
    const form = validateForm(
      passwordPair(() => ({ userId: user.loginId, email: user.email })),
      body,
    );
    if (!form.ok) return void res.status(422).render('accounts/reset-password', { ...page, errors: form.errors });
    if (!(await this.recovery.resetPassword(body.token, form.values.password, req.ip))) return this.linkInvalid(res);
    // Every session of this user has ended, this browser's included if it was logged in.
    await regenerateSession(req);
    res.locals.user = undefined;
    res.render('accounts/reset-done', { titleKey: 'resetPassword.doneTitle' });
  }
}
