import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import QRCode from 'qrcode';
import {
  Clock,
  isLocalPath,
  keptInput,
  regenerateSession,
  renderThrottled,
  SecretCipher,
  SecretUnreadableError,
  ThrottleService,
  validateForm,
} from '@app/platform';
import { isLocked, PendingOfficerLogin } from '@app/session';
import { LoginStep, nextLoginStep, pendingExpired } from './login-policy';
import { OfficerAuthService, TotpStepResult } from './officer-auth.service';
import { Officer } from './officer.entity';
import { codeForm, forOfficer, newPasswordForm, officerLoginForm } from './officer-login.forms';
import { OfficersService } from './officers.service';
import { groupedSecret, newTotpSecret, totpUri } from './totp';
import { pendingTotpSecretContext } from './totp-secret';

const HOME = '/';

interface LoginPageOptions {
  values?: Record<string, unknown>;
  errors?: Record<string, string[]>;
  failed?: boolean;
  notice?: string;
}

/**
 * The office console's login (SPEC §6): ID and password, then — on the first login — a new password
 * and TOTP enrolment, then the TOTP code. Only a right code logs in. The half-way state lives in the
 * session for 10 minutes per step.
 */
@Controller()
export class OfficerLoginController {
  constructor(
    private readonly auth: OfficerAuthService,
    private readonly officers: OfficersService,
    private readonly throttle: ThrottleService,
    private readonly clock: Clock,
    private readonly cipher: SecretCipher,
  ) {}

  // --- step 1: ID and password --------------------------------------------------------------------

  @Get('login')
  loginPage(@Req() req: Request, @Res() res: Response, @Query('returnTo') returnTo: unknown): void {
    const target = isLocalPath(returnTo) ? returnTo : undefined;
    if (req.session.officer) return res.redirect(303, target ?? HOME);
    const notice = req.session.officerNotice;
    delete req.session.officerNotice;
    this.renderLogin(res, 200, { values: { returnTo: target }, notice });
  }

  @Post('login')
  @HttpCode(200)
  async login(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    const posted = (body ?? {}) as Record<string, unknown>;
    const returnTo = isLocalPath(posted.returnTo) ? posted.returnTo : undefined;
    const values = { ...keptInput(body, ['password']), returnTo };
    const limited = await this.throttle.exceeded('login', req.ip);
    if (limited) {
      await this.officers.recordThrottledLogin(posted.loginId, req.ip);
      return renderThrottled(res, limited, 'officers/login', this.loginLocals({ values }));
    }
    const form = validateForm(officerLoginForm, body);
    if (!form.ok) return this.renderLogin(res, 422, { values, errors: form.errors });
    const result = await this.auth.checkPassword(form.values.loginId, form.values.password, req.ip);
    if (!result.ok) return this.renderLogin(res, 401, { values, failed: true });
    // A fresh session id as soon as the password is proven; the login itself renews it again.
    await regenerateSession(req);
    req.session.officerPending = {
      officerId: result.officer.id,
      loginId: result.officer.loginId,
      since: this.clock.now().getTime(),
      returnTo,
    };
    res.redirect(303, nextLoginStep(result.officer));
  }

  // --- first login: a password of the officer's own -----------------------------------------------

  @Get('password/new')
  async newPasswordPage(@Req() req: Request, @Res() res: Response): Promise<void> {
    const step = await this.step(req, res, '/password/new');
    if (step) this.renderNewPassword(res, 200);
  }

  @Post('password/new')
  @HttpCode(200)
  async newPassword(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    const step = await this.step(req, res, '/password/new');
    if (!step) return;
    const limited = await this.throttle.exceeded('login', req.ip);
    if (limited) return renderThrottled(res, limited, 'officers/password-new', this.newPasswordLocals());
    const { pending, officer } = step;
    const form = validateForm(newPasswordForm(officer.loginId), body);
    if (!form.ok) return this.renderNewPassword(res, 422, forOfficer(form.errors));
    if (!(await this.officers.changeOwnPassword(officer, form.values.password, req.sessionID, req.ip))) {
      return this.renderNewPassword(res, 422, { password: ['officers:password.sameAsOneTime'] });
    }
    pending.since = this.clock.now().getTime();
    res.redirect(303, nextLoginStep({ mustChangePassword: false, totpEnabledAt: officer.totpEnabledAt }));
  }

  // --- first login: TOTP enrolment ----------------------------------------------------------------

  @Get('totp/setup')
  async totpSetupPage(@Req() req: Request, @Res() res: Response): Promise<void> {
    const step = await this.step(req, res, '/totp/setup');
    if (step) await this.renderTotpSetup(res, 200, step.pending);
  }

  @Post('totp/setup')
  @HttpCode(200)
  async totpSetup(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    const step = await this.step(req, res, '/totp/setup');
    if (!step) return;
    const { pending } = step;
    const secret = this.pendingSecret(pending);
    if (!secret) return res.redirect(303, '/totp/setup'); // no QR code was shown yet
    const limited = await this.throttle.exceeded('login', req.ip);
    if (limited) return renderThrottled(res, limited, 'officers/totp-setup', await this.totpSetupLocals(pending));
    const form = codeForm(body);
    if (!form.ok) return this.renderTotpSetup(res, 422, pending, form.errors);
    const result = await this.auth.checkTotp(pending.officerId, form.code, req.ip, secret);
    if (result.ok) return this.loggedIn(req, res, result, pending.returnTo);
    if (result.reason === 'already_enrolled') {
      delete pending.totpSecret;
      return res.redirect(303, '/totp');
    }
    if (result.locked) return this.lockedOut(req, res, pending.returnTo);
    await this.renderTotpSetup(res, 401, pending, { code: ['officers:totp.wrong'] });
  }

  // --- every login: the TOTP code -----------------------------------------------------------------

  @Get('totp')
  async totpPage(@Req() req: Request, @Res() res: Response): Promise<void> {
    const step = await this.step(req, res, '/totp');
    if (step) this.renderTotp(res, 200);
  }

  @Post('totp')
  @HttpCode(200)
  async totp(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    const step = await this.step(req, res, '/totp');
    if (!step) return;
    const limited = await this.throttle.exceeded('login', req.ip);
    if (limited) return renderThrottled(res, limited, 'officers/totp', this.totpLocals());
    const { pending } = step;
    const form = codeForm(body);
    if (!form.ok) return this.renderTotp(res, 422, form.errors);
    const result = await this.auth.checkTotp(pending.officerId, form.code, req.ip);
    if (result.ok) return this.loggedIn(req, res, result, pending.returnTo);
    if (result.locked) return this.lockedOut(req, res, pending.returnTo);
    this.renderTotp(res, 401, { code: ['officers:totp.wrong'] });
  }

  // --- helpers --------------------------------------------------------------------------------------

  /**
   * The half-way login if it is still good for `path`; otherwise answers with a redirect (to the
   * login page, or to the step the officer is really at) and returns undefined.
   */
  private async step(
    req: Request,
    res: Response,
    path: LoginStep,
  ): Promise<{ pending: PendingOfficerLogin; officer: Officer } | undefined> {
    const pending = req.session.officerPending;
    const now = this.clock.now();
    if (!pending) {
      res.redirect(303, req.session.officer ? HOME : '/login');
      return undefined;
    }
    if (pendingExpired(pending.since, now)) {
      delete req.session.officerPending;
      req.session.officerNotice = 'pendingExpired';
      res.redirect(303, '/login');
      return undefined;
    }
    const officer = await this.officers.findById(pending.officerId);
    if (!officer || officer.disabledAt || isLocked(officer.lockedUntil, now)) {
      delete req.session.officerPending;
      res.redirect(303, '/login');
      return undefined;
    }
    const next = nextLoginStep(officer);
    if (next !== path) {
      res.redirect(303, next);
      return undefined;
    }
    return { pending, officer };
  }

  private async loggedIn(
    req: Request,
    res: Response,
    result: Extract<TotpStepResult, { ok: true }>,
    returnTo: string | undefined,
  ): Promise<void> {
    const { officer, previousLoginAt } = result;
    // A new session id at login: whatever id was known before is worthless afterwards.
    await regenerateSession(req);
    req.session.officer = {
      officerId: officer.id,
      loginId: officer.loginId,
      name: officer.name,
      lastActivityAt: this.clock.now().getTime(),
      previousLoginAt: previousLoginAt ? previousLoginAt.toISOString() : null,
      credentialsVersion: officer.credentialsVersion,
    };
    res.redirect(303, returnTo ?? HOME);
  }

  /** The account is locked: the half-way login ends with the same answer as a wrong password. */
  private lockedOut(req: Request, res: Response, returnTo: string | undefined): void {
    delete req.session.officerPending;
    this.renderLogin(res, 401, { values: { returnTo }, failed: true });
  }

  private loginLocals(opts: LoginPageOptions): Record<string, unknown> {
    return {
      titleKey: 'officers:login.title',
      values: opts.values ?? {},
      errors: opts.errors,
      failed: opts.failed,
      expired: opts.notice === 'expired',
      pendingExpired: opts.notice === 'pendingExpired',
    };
  }

  private renderLogin(res: Response, status: number, opts: LoginPageOptions): void {
    res.status(status).render('officers/login', this.loginLocals(opts));
  }

  private newPasswordLocals(errors?: Record<string, string[]>): Record<string, unknown> {
    return { titleKey: 'officers:password.title', errors };
  }

  private renderNewPassword(res: Response, status: number, errors?: Record<string, string[]>): void {
    res.status(status).render('officers/password-new', this.newPasswordLocals(errors));
  }

  private async totpSetupLocals(
    pending: PendingOfficerLogin,
    errors?: Record<string, string[]>,
  ): Promise<Record<string, unknown>> {
    // One secret per half-way login: reloading the page shows the same QR code.
    let secret = this.pendingSecret(pending);
    if (!secret) {
      secret = newTotpSecret();
      pending.totpSecret = this.cipher.seal(secret, pendingTotpSecretContext(pending.officerId));
    }
    const qr = await QRCode.toDataURL(totpUri(pending.loginId, secret), {
      errorCorrectionLevel: 'M',
      margin: 2,
      width: 232,
    });
    return {
      titleKey: 'officers:totpSetup.title',
      qr,
      secret: groupedSecret(secret),
      loginId: pending.loginId,
      errors,
    };
  }

  /**
   * The secret of this half-way login's QR code, if one was shown. The session holds it sealed; one it
   * cannot open (written before secrets were sealed, or under a key since dropped) counts as none shown.
   */
  private pendingSecret(pending: PendingOfficerLogin): string | undefined {
    if (!pending.totpSecret) return undefined;
    try {
      return this.cipher.open(pending.totpSecret, pendingTotpSecretContext(pending.officerId));
    } catch (e) {
      if (e instanceof SecretUnreadableError) return undefined;
      throw e;
    }
  }

  private async renderTotpSetup(
    res: Response,
    status: number,
    pending: PendingOfficerLogin,
    errors?: Record<string, string[]>,
  ): Promise<void> {
    res.status(status).render('officers/totp-setup', await this.totpSetupLocals(pending, errors));
  }

  private totpLocals(errors?: Record<string, string[]>): Record<string, unknown> {
    return { titleKey: 'officers:totp.title', errors };
  }

  private renderTotp(res: Response, status: number, errors?: Record<string, string[]>): void {
    res.status(status).render('officers/totp', this.totpLocals(errors));
  }
}
