import { Body, Controller, Get, Post, Query, Req, Res, HttpCode } from '@nestjs/common';
import type { Request, Response } from 'express';
import { passwordPair } from '@app/fields';
import { keptInput, ThrottleService, validateForm, regenerateSession } from '@app/platform';
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
    await this.throttle.hit('recovery', req.ip);
    const form = validateForm(forgotIdForm, body);
    if (!form.ok) {
      res
        .status(422)
        .render('accounts/forgot-id', { titleKey: 'forgotId.title', errors: form.errors, values: keptInput(body) });
      return;
    }
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
    await this.throttle.hit('recovery', req.ip);
    const form = validateForm(forgotPasswordForm, body);
    if (!form.ok) {
      res.status(422).render('accounts/forgot-password', {
        titleKey: 'forgotPassword.title',
        errors: form.errors,
        values: keptInput(body),
      });
      return;
    }
    await this.recovery.forgotPassword(form.values.userId, form.values.email, req.ip);
    res.render('accounts/forgot-password-sent', { titleKey: 'forgotPassword.sentTitle' });
  }

  @Get('reset-password')
  async resetPage(@Res() res: Response, @Query('token') token: unknown): Promise<void> {
    const user = await this.recovery.resetTarget(token);
    if (!user) {
      res.status(410).render('accounts/reset-link-invalid', { titleKey: 'resetPassword.invalidTitle' });
      return;
    }
    res.render('accounts/reset-password', { titleKey: 'resetPassword.title', token });
  }

  @Post('reset-password')
  @HttpCode(200)
  async reset(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const user = await this.recovery.resetTarget(body.token);
    if (!user) {
      res.status(410).render('accounts/reset-link-invalid', { titleKey: 'resetPassword.invalidTitle' });
      return;
    }
    const form = validateForm(
      passwordPair(() => ({ userId: user.loginId, email: user.email })),
      body,
    );
    if (!form.ok) {
      res
        .status(422)
        .render('accounts/reset-password', { titleKey: 'resetPassword.title', token: body.token, errors: form.errors });
      return;
    }
    if (!(await this.recovery.resetPassword(body.token, form.values.password, req.ip))) {
      res.status(410).render('accounts/reset-link-invalid', { titleKey: 'resetPassword.invalidTitle' });
      return;
    }
    // Every session of this user has ended, this browser's included if it was logged in.
    await regenerateSession(req);
    res.locals.user = undefined;
    res.render('accounts/reset-done', { titleKey: 'resetPassword.doneTitle' });
  }
}
