import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { formatPostalCode, japanToday } from '@app/fields';
import { Clock, keptInput, NotFoundError, paginate, pageNumber, validateForm } from '@app/platform';
import { OfficerLoggedIn } from '@app/session';
import { User } from '../user.entity';
import { UsersRepository } from '../users.repository';
import { UsersService } from '../users.service';
import { approvalForm } from './approval.forms';
import { parseUserQuery } from './user-search';

export const USERS_PER_PAGE = 50;

const actor = (req: Request) => `officer:${req.session.officer!.loginId}`;
const userPath = (loginId: string) => `/users/${encodeURIComponent(loginId)}`;

/** What the approval form shows before anything is posted: the details already recorded, if any. */
const recorded = (user: User): Record<string, string> => ({
  gender: user.gender ?? '',
  dateOfBirth: user.dateOfBirth ?? '',
  postalCode: user.postalCode ?? '',
  address: user.address ?? '',
});

/**
 * The officers' user pages (SPEC §6): search, one user's details (as 利用者詳細 shows them) and the
 * approval of 利用申出 with the gender, date of birth, postal code and address it confirms.
 */
@Controller('users')
@UseGuards(OfficerLoggedIn)
export class OfficeUsersController {
  constructor(
    private readonly rows: UsersRepository,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async list(@Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const query = parseUserQuery(raw);
    const total = await this.rows.countMatching(query);
    const page = pageNumber(raw.page, Math.max(1, Math.ceil(total / USERS_PER_PAGE)));
    const rows = await this.rows.searchPage(query, page, USERS_PER_PAGE);
    const href = (p: number) =>
      `/users?${new URLSearchParams({ ...(query.q ? { q: query.q } : {}), page: String(p) })}`;
    res.render('accounts-office/users', {
      titleKey: 'admin:users.title',
      query,
      total,
      rows: rows.map((r) => ({ ...r, href: userPath(r.login_id) })),
      pagination: paginate({ page, size: USERS_PER_PAGE, total, href }),
    });
  }

  private async find(loginId: string, viewer?: { actor: string; ip?: string }): Promise<User> {
    const user =
      loginId.length > 64
        ? null
        : viewer
          ? await this.users.showToOfficer(loginId, viewer.actor, viewer.ip)
          : await this.users.findByLoginId(loginId);
    if (!user) throw new NotFoundError();
    return user;
  }

  private page(res: Response, status: number, user: User, extra: Record<string, unknown>): void {
    res.status(status).render('accounts-office/user', {
      titleKey: 'admin:user.title',
      profile: { ...user, postalCodeDisplay: formatPostalCode(user.postalCode) },
      action: `${userPath(user.loginId)}/approve`,
      values: recorded(user),
      // Approval lets only these categories change postal code and address themselves (canChangeAddress).
      addressNote: user.category === 'institution_staff',
      today: japanToday(this.clock.now()),
      ...extra,
    });
  }

  @Get(':loginId')
  async show(
    @Req() req: Request,
    @Res() res: Response,
    @Param('loginId') loginId: string,
    @Query('approved') approved: unknown,
  ): Promise<void> {
    const user = await this.find(loginId, { actor: actor(req), ip: req.ip });
    this.page(res, 200, user, { approved: approved === '1' && user.approvedAt !== null });
  }

  @Post(':loginId/approve')
  @HttpCode(200)
  async approve(
    @Req() req: Request,
    @Res() res: Response,
    @Param('loginId') loginId: string,
    @Body() body: unknown,
  ): Promise<void> {
    const user = await this.find(loginId);
    const form = validateForm(approvalForm(japanToday(this.clock.now())), body);
    if (!form.ok) return this.page(res, 422, user, { errors: form.errors, values: keptInput(body) });
    const done = await this.users.approve(user.loginId, form.values, actor(req));
    if (!done) throw new NotFoundError();
    res.redirect(303, `${userPath(done)}?approved=1`);
  }
}
