import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { formatPostalCode } from '@app/fields';
import {
  Clock,
  isoJapan,
  keptInput,
  NotFoundError,
  paginate,
  pageNumber,
  queryRows,
  validateForm,
} from '@app/platform';
import { OfficerLoggedIn } from '@app/session';
import { User } from '../user.entity';
import { UsersService } from '../users.service';
import { approvalForm } from './approval.forms';
import { parseUserQuery, userSearchWhere } from './user-search';

export const USERS_PER_PAGE = 50;

const actor = (req: Request) => `officer:${req.session.officer!.loginId}`;
const userPath = (loginId: string) => `/users/${encodeURIComponent(loginId)}`;

interface UserRow {
  login_id: string;
  category: string;
  name_en: string | null;
  email: string;
  approved_at: Date | null;
  created_at: Date;
}

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
    private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async list(@Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const query = parseUserQuery(raw);
    const where = userSearchWhere(query);
    const [{ n }] = await queryRows<{ n: string }>(
      this.db,
      `SELECT count(*) AS n FROM app_user u ${where.sql}`,
      where.params,
    );
    const total = Number(n);
    const page = pageNumber(raw.page, Math.max(1, Math.ceil(total / USERS_PER_PAGE)));
    const rows = await queryRows<UserRow>(
      this.db,
      `SELECT u.login_id, u.category, u.name_en, u.email, u.approved_at, u.created_at
         FROM app_user u ${where.sql}
        ORDER BY u.created_at DESC, u.id DESC OFFSET ${(page - 1) * USERS_PER_PAGE} LIMIT ${USERS_PER_PAGE}`,
      where.params,
    );
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

  private async find(loginId: string): Promise<User> {
    const user = loginId.length <= 64 ? await this.users.findByLoginId(loginId) : null;
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
      today: isoJapan(this.clock.now()).slice(0, 10),
      ...extra,
    });
  }

  @Get(':loginId')
  async show(
    @Res() res: Response,
    @Param('loginId') loginId: string,
    @Query('approved') approved: unknown,
  ): Promise<void> {
    const user = await this.find(loginId);
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
    const form = validateForm(approvalForm(isoJapan(this.clock.now()).slice(0, 10)), body);
    if (!form.ok) return this.page(res, 422, user, { errors: form.errors, values: keptInput(body) });
    const done = await this.users.approve(user.loginId, form.values, actor(req));
    if (!done) throw new NotFoundError();
    res.redirect(303, `${userPath(done)}?approved=1`);
  }
}
