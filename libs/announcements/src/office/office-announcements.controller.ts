import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Clock, keptInput, LANGUAGES, NotFoundError, paginate, pageNumber, validateForm } from '@app/platform';
import { OfficerLoggedIn } from '@app/session';
import { Announcement } from '../announcement.entity';
import { AnnouncementsService } from '../announcements.service';
import { announcementForm, announcementState, fieldName, formValues, toJapanLocal } from './announcement.forms';

export const OFFICE_ANNOUNCEMENTS_PER_PAGE = 50;
const SAVED = ['created', 'updated'] as const;

const actor = (req: Request) => `officer:${req.session.officer!.loginId}`;

const parseId = (id: string): number | undefined => (/^\d{1,9}$/.test(id) ? Number(id) : undefined);

/**
 * The officers' announcement pages (SPEC §6): every announcement with its publish window and state, and
 * one form to create or edit one, with a title and body per language. The portal's top page shows them.
 */
@Controller('announcements')
@UseGuards(OfficerLoggedIn)
export class OfficeAnnouncementsController {
  constructor(
    private readonly announcements: AnnouncementsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async list(@Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const first = await this.announcements.all(1, OFFICE_ANNOUNCEMENTS_PER_PAGE);
    const page = pageNumber(raw.page, Math.max(1, Math.ceil(first.total / OFFICE_ANNOUNCEMENTS_PER_PAGE)));
    const { items, total } = page === 1 ? first : await this.announcements.all(page, OFFICE_ANNOUNCEMENTS_PER_PAGE);
    const now = this.clock.now();
    res.render('announcements-office/list', {
      titleKey: 'admin:announcements.title',
      saved: SAVED.find((s) => s === raw.saved),
      total,
      rows: items.map((a) => ({
        id: a.id,
        title: a.title.ja,
        publishFrom: a.publishFrom,
        publishUntil: a.publishUntil,
        updatedAt: a.updatedAt,
        state: announcementState(a, now),
        languages: LANGUAGES.filter((l) => a.title[l.code] !== undefined).map((l) => ({ code: l.code, name: l.name })),
      })),
      pagination: paginate({
        page,
        size: OFFICE_ANNOUNCEMENTS_PER_PAGE,
        total,
        href: (p) => `/announcements?page=${p}`,
      }),
    });
  }

  private form(
    res: Response,
    status: number,
    id: number | undefined,
    values: Record<string, string>,
    extra = {},
  ): void {
    res.status(status).render('announcements-office/form', {
      titleKey: id === undefined ? 'admin:announcements.new' : 'admin:announcements.edit',
      id,
      action: id === undefined ? '/announcements' : `/announcements/${id}`,
      languages: LANGUAGES.map((l) => ({
        code: l.code,
        name: l.name,
        required: l.code === 'ja',
        titleField: fieldName('title', l.code),
        bodyField: fieldName('body', l.code),
        title: values[fieldName('title', l.code)] ?? '',
        body: values[fieldName('body', l.code)] ?? '',
      })),
      values,
      ...extra,
    });
  }

  @Get('new')
  newPage(@Res() res: Response): void {
    this.form(res, 200, undefined, { publishFrom: toJapanLocal(this.clock.now()), publishUntil: '' });
  }

  @Post()
  @HttpCode(200)
  async create(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    const form = validateForm(announcementForm, body);
    if (!form.ok) return this.form(res, 422, undefined, keptInput(body), { errors: form.errors });
    await this.announcements.create(form.values, actor(req));
    res.redirect(303, '/announcements?saved=created');
  }

  private async find(id: string): Promise<Announcement> {
    const n = parseId(id);
    const found = n === undefined ? null : await this.announcements.findById(n);
    if (!found) throw new NotFoundError();
    return found;
  }

  @Get(':id/edit')
  async editPage(@Res() res: Response, @Param('id') id: string): Promise<void> {
    const found = await this.find(id);
    this.form(res, 200, found.id, formValues(found));
  }

  @Post(':id')
  @HttpCode(200)
  async update(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<void> {
    const found = await this.find(id);
    const form = validateForm(announcementForm, body);
    if (!form.ok) return this.form(res, 422, found.id, keptInput(body), { errors: form.errors });
    if (!(await this.announcements.update(found.id, form.values, actor(req)))) throw new NotFoundError();
    res.redirect(303, '/announcements?saved=updated');
  }
}
