import { Body, Controller, Get, Post, Query, Req, Res, HttpCode } from '@nestjs/common';
import type { Request, Response } from 'express';
import { keptInput, renderThrottled, ThrottleService, validateForm } from '@app/platform';
import { PasswordHasher } from '@app/session';
import { CATEGORIES, CATEGORY_ENGLISH_NAMES, QUALIFICATIONS, RELATIONSHIPS } from '../categories';
import { EmailTokenService } from '../email-token.service';
import { generateUserId } from '../user-id';
import { detailsForm, emailForm } from './registration.forms';
import { EmailAlreadyRegisteredError, RegistrationLinkUsedError, RegistrationService } from './registration.service';
import { RegistrationState } from './registration.state';

// The English names in brackets, as the manual shows them; an English page's own names are English already.
const categoryChoices = (lng: string) => ({
  scripts: ['/assets/js/category-fields.js'],
  categories: CATEGORIES.map((code) => ({ code, english: lng === 'en' ? undefined : CATEGORY_ENGLISH_NAMES[code] })),
  qualifications: QUALIFICATIONS,
  relationships: RELATIONSHIPS,
});

/**
 * 新規登録 (SPEC §1): terms → e-mail → mailed link → details → confirm → complete. The state lives in
 * the server session; every GET renders from it, so the back button and reloads never break the flow,
 * and a step reached out of order shows a page that explains how to go on.
 */
@Controller('register')
export class RegistrationController {
  constructor(
    private readonly registration: RegistrationService,
    private readonly tokens: EmailTokenService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: ThrottleService,
  ) {}

  private state(req: Request): RegistrationState | undefined {
    return req.session.registration;
  }

  private linkInvalid(res: Response): void {
    res.status(410).render('accounts/register-link-invalid', { titleKey: 'register.linkInvalid.title' });
  }

  private restart(res: Response): void {
    res.status(200).render('accounts/register-restart', { titleKey: 'register.restart.title' });
  }

  @Get()
  terms(@Res() res: Response): void {
    res.render('accounts/register-terms', { titleKey: 'register.terms.title' });
  }

  @Post()
  @HttpCode(200)
  agree(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): void {
    if (body.agree !== '1') {
      res.status(422).render('accounts/register-terms', {
        titleKey: 'register.terms.title',
        errors: { agree: ['validation.agree'] },
      });
      return;
    }
    req.session.registration = { step: 'agreed' };
    res.redirect(303, '/register/email');
  }

  @Get('email')
  emailPage(@Req() req: Request, @Res() res: Response): void {
    if (!this.state(req)) return res.redirect(303, '/register');
    res.render('accounts/register-email', { titleKey: 'register.email.title', values: {} });
  }

  @Post('email')
  @HttpCode(200)
  async email(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    const state = this.state(req);
    if (!state) return res.redirect(303, '/register');
    const page = { titleKey: 'register.email.title', values: keptInput(body) };
    const form = validateForm(emailForm, body);
    const limited = await this.throttle.exceededForMail(req.ip, form.ok ? form.values.email : undefined);
    if (limited) return renderThrottled(res, limited, 'accounts/register-email', page);
    if (!form.ok) return void res.status(422).render('accounts/register-email', { ...page, errors: form.errors });
    await this.registration.requestEmail(form.values.email, req.lng, req.ip);
    req.session.registration = { step: 'mailed', mailedTo: form.values.email };
    res.redirect(303, '/register/sent');
  }

  @Get('sent')
  sent(@Req() req: Request, @Res() res: Response): void {
    const state = this.state(req);
    if (!state?.mailedTo) return res.redirect(303, '/register');
    res.render('accounts/register-sent', { titleKey: 'register.sent.title', mailedTo: state.mailedTo });
  }

  @Get('verify')
  async verify(@Req() req: Request, @Res() res: Response, @Query('token') token: unknown): Promise<void> {
    const found = await this.tokens.lookup('register', token);
    if (found.state !== 'valid') return this.linkInvalid(res);
    req.session.registration = {
      step: 'verified',
      tokenId: found.token.id,
      email: found.token.email,
      loginId: generateUserId(),
    };
    res.redirect(303, '/register/details');
  }

  @Get('details')
  detailsPage(@Req() req: Request, @Res() res: Response): void {
    const state = this.state(req);
    if (!state || !['verified', 'confirming'].includes(state.step)) return this.restart(res);
    const { passwordHash: _omit, ...values } = state.details ?? { passwordHash: '' };
    res.render('accounts/register-details', {
      titleKey: 'register.details.title',
      email: state.email,
      values,
      ...categoryChoices(req.lng),
    });
  }

  @Post('details')
  @HttpCode(200)
  async details(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    const state = this.state(req);
    if (!state || !['verified', 'confirming'].includes(state.step)) return this.restart(res);
    // A link completed (in this browser or another) is dead: no more password hashing on its behalf.
    if (!state.tokenId || !(await this.tokens.isOpen(state.tokenId))) {
      delete req.session.registration;
      return this.linkInvalid(res);
    }
    const page = {
      titleKey: 'register.details.title',
      email: state.email,
      values: keptInput(body, ['password', 'passwordConfirm']),
      ...categoryChoices(req.lng),
    };
    const limited = await this.throttle.firstExceeded([
      ['login', req.ip],
      ['registrationLink', state.tokenId],
    ]);
    if (limited) return renderThrottled(res, limited, 'accounts/register-details', page);
    const form = validateForm(
      detailsForm(() => ({ userId: state.loginId, email: state.email })),
      body,
    );
    if (!form.ok) return void res.status(422).render('accounts/register-details', { ...page, errors: form.errors });
    const { password, passwordConfirm: _c, ...details } = form.values;
    state.details = { ...details, passwordHash: await this.hasher.hash(password) };
    state.step = 'confirming';
    res.redirect(303, '/register/confirm');
  }

  @Get('confirm')
  confirmPage(@Req() req: Request, @Res() res: Response): void {
    const state = this.state(req);
    if (state?.step === 'done') return res.redirect(303, '/register/complete');
    if (state?.step !== 'confirming') return this.restart(res);
    res.render('accounts/register-confirm', { titleKey: 'register.confirm.title', state, details: state.details });
  }

  @Post('confirm')
  @HttpCode(200)
  async confirm(@Req() req: Request, @Res() res: Response): Promise<void> {
    const state = this.state(req);
    if (state?.step === 'done') return res.redirect(303, '/register/complete');
    if (state?.step !== 'confirming') return this.restart(res);
    try {
      state.loginId = await this.registration.register(state, req.lng, req.ip);
    } catch (e) {
      if (e instanceof RegistrationLinkUsedError) {
        delete req.session.registration;
        return this.linkInvalid(res);
      }
      if (e instanceof EmailAlreadyRegisteredError) {
        delete req.session.registration;
        res.status(409).render('accounts/register-already', { titleKey: 'register.alreadyRegistered.title' });
        return;
      }
      throw e;
    }
    req.session.registration = { step: 'done', loginId: state.loginId, email: state.email };
    res.redirect(303, '/register/complete');
  }

  @Get('complete')
  complete(@Req() req: Request, @Res() res: Response): void {
    const state = this.state(req);
    if (state?.step !== 'done') return this.restart(res);
    res.render('accounts/register-complete', {
      titleKey: 'register.complete.title',
      loginId: state.loginId,
      email: state.email,
    });
  }
}
