import { Body, Controller, Get, Post, Query, Req, Res, HttpCode } from '@nestjs/common';
import type { Request, Response } from 'express';
import { UsersService } from '@app/accounts';
import {
  Clock,
  isLanguage,
  isLocalPath,
  isSameSiteRequest,
  keptInput,
  regenerateSession,
  renderThrottled,
  ThrottleService,
  validateForm,
} from '@app/platform';
import { AuthService } from './auth.service';
import { loginForm } from './login.forms';
import '@app/session';

const DEFAULT_AFTER_LOGIN = '/mypage';

/** 利用者ログイン and ログアウト (SPEC §2). */
@Controller()
export class LoginController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly throttle: ThrottleService,
    private readonly clock: Clock,
  ) {}

  @Get('login')
  loginPage(@Req() req: Request, @Res() res: Response, @Query('returnTo') returnTo: unknown): void {
    const target = isLocalPath(returnTo) ? returnTo : undefined;
    if (req.session.auth) return res.redirect(303, target ?? DEFAULT_AFTER_LOGIN);
    const expired = Boolean(req.session.expiredNotice);
    delete req.session.expiredNotice;
    res.render('auth/login', { titleKey: 'login.title', values: { returnTo: target }, expired });
  }

  @Post('login')
  @HttpCode(200)
  async login(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    const posted = (body ?? {}) as Record<string, unknown>;
    const returnTo = isLocalPath(posted.returnTo) ? posted.returnTo : undefined;
    const limited = await this.throttle.exceeded('login', req.ip);
    if (limited) {
      await this.auth.recordThrottled(posted.userId, req.ip);
      const values = { ...keptInput(body, ['password']), returnTo };
      return renderThrottled(res, limited, 'auth/login', { titleKey: 'login.title', values });
    }
    const form = validateForm(loginForm, body);
    // Our own login form posts from our own pages; anything else must not pick the mail language.
    const chosenLng = req.lngChosen && isSameSiteRequest(req) ? req.lng : undefined;
    const result = form.ok
      ? await this.auth.login(form.values.userId, form.values.password, req.ip, chosenLng)
      : undefined;
    if (!result?.ok) {
      res.status(result ? 401 : 422).render('auth/login', {
        titleKey: 'login.title',
        errors: form.ok ? undefined : form.errors,
        failed: Boolean(result),
        values: { ...keptInput(body, ['password']), returnTo },
      });
      return;
    }
    const { user, previousLoginAt } = result;
    // A new session id at login: whatever id an attacker planted before is worthless afterwards.
    await regenerateSession(req);
    req.session.auth = {
      userId: user.id,
      loginId: user.loginId,
      displayName: this.users.displayName(user),
      lastActivityAt: this.clock.now().getTime(),
      previousLoginAt: previousLoginAt ? previousLoginAt.toISOString() : null,
      lng: req.lng,
      credentialsVersion: user.credentialsVersion,
    };
    // A language chosen on this device became the language of the user's e-mails at login; otherwise
    // the pages follow the language of the user's profile.
    if (!chosenLng && isLanguage(user.lng)) {
      req.session.auth.lng = user.lng;
      res.cookie('lng', user.lng, { maxAge: 365 * 24 * 3600_000, httpOnly: true, sameSite: 'lax', secure: req.secure });
    }
    res.redirect(303, returnTo ?? DEFAULT_AFTER_LOGIN);
  }

  @Get('logout')
  logoutPage(@Req() req: Request, @Res() res: Response): void {
    if (!req.session.auth) return res.redirect(303, '/');
    res.render('auth/logout', { titleKey: 'logout.title' });
  }

  @Post('logout')
  @HttpCode(200)
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    const auth = req.session.auth;
    if (auth) await this.auth.logout(auth, req.ip);
    await regenerateSession(req);
    res.locals.user = undefined;
    res.render('auth/logged-out', { titleKey: 'logout.doneTitle' });
  }
}
