import { Body, Controller, Get, HttpCode, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { User, UsersService } from '@app/accounts';
import { formatPostalCode, normalizePostalCode } from '@app/fields';
import { keptInput, renderThrottled, ThrottleService, validateForm } from '@app/platform';
import { LoggedIn, LoginRequiredError } from '@app/session';
import { addressForPostalCode } from './address-lookup';
import { canChangeAddress } from './address-policy';
import { changeEmailForm, changePasswordForm, profileForm } from './mypage.forms';
import {
  EmailLinkInvalidError,
  EmailLinkOtherUserError,
  EmailTakenError,
  FieldsNotAllowedError,
  MyPageService,
  ProfileChange,
} from './mypage.service';

declare module 'express-session' {
  interface SessionData {
    /** 利用者変更確認: the checked change waiting for 変更する. */
    profileEdit?: { userId: string; change: ProfileChange };
  }
}

const view = (user: User) => ({
  ...user,
  postalCodeDisplay: formatPostalCode(user.postalCode),
  canChangeAddress: canChangeAddress(user),
});

/** マイページ and 利用者情報の確認／変更 (SPEC §4). Every page is for the logged-in user only. */
@Controller('mypage')
@UseGuards(LoggedIn)
export class MyPageController {
  constructor(
    private readonly users: UsersService,
    private readonly mypage: MyPageService,
    private readonly throttle: ThrottleService,
  ) {}

  private async me(req: Request): Promise<User> {
    const user = await this.users.findById(req.session.auth!.userId);
    if (!user) throw new LoginRequiredError();
    return user;
  }

  @Get()
  async index(@Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.me(req);
    res.render('mypage/index', {
      titleKey: 'mypage.title',
      profile: { ...user, displayName: this.users.displayName(user) },
    });
  }

  @Get('profile')
  async profile(@Req() req: Request, @Res() res: Response): Promise<void> {
    res.render('mypage/profile', { titleKey: 'mypage.profile.title', profile: view(await this.me(req)) });
  }

  // --- e-mail -------------------------------------------------------------------------------------

  @Get('email')
  async emailPage(@Req() req: Request, @Res() res: Response): Promise<void> {
    res.render('mypage/email', { titleKey: 'mypage.email.title', current: (await this.me(req)).email, values: {} });
  }

  @Post('email')
  @HttpCode(200)
  async email(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    const user = await this.me(req);
    const page = { titleKey: 'mypage.email.title', current: user.email, values: keptInput(body, ['currentPassword']) };
    const again = (status: number, errors: Record<string, string[]>) =>
      res.status(status).render('mypage/email', { ...page, errors });
    const form = validateForm(changeEmailForm, body);
    // The current password is checked with bcrypt, and a mail goes out: both limits apply.
    const limited =
      (await this.throttle.exceeded('login', req.ip)) ??
      (await this.throttle.exceededForMail(req.ip, form.ok ? form.values.email : undefined));
    if (limited) return renderThrottled(res, limited, 'mypage/email', page);
    if (!form.ok) return void again(422, form.errors);
    if (form.values.email.toLowerCase() === user.email.toLowerCase())
      return void again(422, { email: ['validation.sameEmail'] });
    if (!(await this.mypage.requestEmailChange(user, form.values.currentPassword, form.values.email, req.ip)))
      return void again(422, { currentPassword: ['validation.currentPassword'] });
    res.render('mypage/email-sent', { titleKey: 'mypage.email.sentTitle', address: form.values.email });
  }

  @Get('email/verify')
  async verifyEmail(@Req() req: Request, @Res() res: Response, @Query('token') token: unknown): Promise<void> {
    try {
      const { email, credentialsVersion } = await this.mypage.confirmEmailChange(
        req.session.auth!.userId,
        token,
        req.ip,
      );
      req.session.auth!.credentialsVersion = credentialsVersion;
      res.render('mypage/changed', { titleKey: 'mypage.changed.title', what: 'mypage.changed.email', address: email });
    } catch (e) {
      if (e instanceof EmailLinkInvalidError || e instanceof EmailLinkOtherUserError || e instanceof EmailTakenError) {
        res
          .status(e.status)
          .render('mypage/email-problem', { titleKey: 'mypage.email.problemTitle', messageKey: e.messageKey });
        return;
      }
      throw e;
    }
  }

  // --- password -----------------------------------------------------------------------------------

  @Get('password')
  passwordPage(@Res() res: Response): void {
    res.render('mypage/password', { titleKey: 'mypage.password.title' });
  }

  @Post('password')
  @HttpCode(200)
  async password(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    const limited = await this.throttle.exceeded('login', req.ip);
    if (limited) return renderThrottled(res, limited, 'mypage/password', { titleKey: 'mypage.password.title' });
    const user = await this.me(req);
    const form = validateForm(
      changePasswordForm(() => ({ userId: user.loginId, email: user.email })),
      body,
    );
    if (!form.ok)
      return void res.status(422).render('mypage/password', { titleKey: 'mypage.password.title', errors: form.errors });
    const { currentPassword, password } = form.values;
    const version = await this.mypage.changePassword(user.id, currentPassword, password, req.sessionID, req.ip);
    if (version === undefined) {
      return void res.status(422).render('mypage/password', {
        titleKey: 'mypage.password.title',
        errors: { currentPassword: ['validation.currentPassword'] },
      });
    }
    req.session.auth!.credentialsVersion = version;
    res.render('mypage/changed', { titleKey: 'mypage.changed.title', what: 'mypage.changed.password' });
  }

  // --- phone, postal code, address ----------------------------------------------------------------

  @Get('profile/edit')
  async editPage(@Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.me(req);
    const pending = req.session.profileEdit?.userId === user.id ? req.session.profileEdit.change : undefined;
    const values = pending ?? {
      phone: user.phone ?? '',
      postalCode: user.postalCode ?? '',
      address: user.address ?? '',
    };
    res.render('mypage/profile-edit', { titleKey: 'mypage.edit.title', profile: view(user), values });
  }

  @Post('profile/edit')
  @HttpCode(200)
  async edit(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const user = await this.me(req);
    const withAddress = canChangeAddress(user);
    if (!withAddress && (body.postalCode !== undefined || body.address !== undefined))
      throw new FieldsNotAllowedError();
    const again = (status: number, extra: Record<string, unknown>) =>
      res.status(status).render('mypage/profile-edit', {
        titleKey: 'mypage.edit.title',
        profile: view(user),
        values: keptInput(body),
        ...extra,
      });

    if (body.action === 'lookup' && withAddress) {
      // 住所検索 without JavaScript: fill prefecture, city and town from the postal code.
      const code = normalizePostalCode(typeof body.postalCode === 'string' ? body.postalCode : '');
      const found = code ? addressForPostalCode(code) : undefined;
      if (!found) return void again(422, { errors: { postalCode: ['validation.postalCodeUnknown'] } });
      const typed = typeof body.address === 'string' ? body.address.trim() : '';
      const address = typed.startsWith(found) ? typed : found;
      return void again(200, { values: { ...keptInput(body), postalCode: code, address }, lookedUp: true });
    }

    const form = validateForm(profileForm(withAddress), body);
    if (!form.ok) return void again(422, { errors: form.errors });
    req.session.profileEdit = { userId: user.id, change: form.values };
    res.redirect(303, '/mypage/profile/confirm');
  }

  @Get('profile/confirm')
  async confirmPage(@Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.me(req);
    const pending = req.session.profileEdit;
    if (pending?.userId !== user.id)
      return void res.render('mypage/nothing-pending', { titleKey: 'mypage.nothingPending.title' });
    res.render('mypage/profile-confirm', {
      titleKey: 'mypage.confirm.title',
      change: { ...pending.change, postalCodeDisplay: formatPostalCode(pending.change.postalCode ?? null) },
      profile: view(user),
    });
  }

  @Post('profile/confirm')
  @HttpCode(200)
  async confirm(@Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.me(req);
    const pending = req.session.profileEdit;
    if (pending?.userId !== user.id)
      return void res.render('mypage/nothing-pending', { titleKey: 'mypage.nothingPending.title' });
    try {
      await this.mypage.changeProfile(user.id, pending.change, req.ip);
    } finally {
      // Done, or refused because the address may no longer be changed: either way nothing is pending.
      delete req.session.profileEdit;
    }
    res.render('mypage/changed', { titleKey: 'mypage.changed.title', what: 'mypage.changed.profile' });
  }
}
