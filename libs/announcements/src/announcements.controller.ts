import { Controller, Get, Param, Query, Redirect, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { NotFoundError, paginate, pageNumber } from '@app/platform';
import { AnnouncementsService } from './announcements.service';
import { localizeAnnouncement } from './localize';
import { TopPageAnnouncements } from './top-page-announcements';

export const ANNOUNCEMENTS_PER_PAGE = 10;

@Controller()
export class AnnouncementsController {
  constructor(
    private readonly announcements: AnnouncementsService,
    private readonly topPage: TopPageAnnouncements,
  ) {}

  /** トップページ: みなさまへのお知らせ (latest) and the way to お知らせ一覧. */
  @Get()
  @Render('announcements/home')
  async home(@Req() req: Request) {
    const latest = await this.topPage.latest();
    return { notices: latest.map((a) => localizeAnnouncement(a, req.lng)) };
  }

  /**
   * The top page's オンライン申請手続き once led to a placeholder here; 手続き検索 replaced it (issue 13). Kept as a
   * permanent redirect so bookmarks and links elsewhere still arrive.
   */
  @Get('online-applications')
  @Redirect('/procedures', 301)
  onlineApplications(): void {}

  @Get('announcements')
  @Render('announcements/list')
  async list(@Req() req: Request, @Query('page') rawPage: unknown) {
    const total = await this.announcements.count();
    const pages = Math.max(1, Math.ceil(total / ANNOUNCEMENTS_PER_PAGE));
    const page = pageNumber(rawPage, pages);
    const { items } = await this.announcements.page(page, ANNOUNCEMENTS_PER_PAGE);
    return {
      notices: items.map((a) => localizeAnnouncement(a, req.lng)),
      pagination: paginate({ page, size: ANNOUNCEMENTS_PER_PAGE, total, href: (n) => `/announcements?page=${n}` }),
    };
  }

  @Get('announcements/:id')
  @Render('announcements/show')
  async show(@Req() req: Request, @Param('id') id: string) {
    const found = /^\d{1,9}$/.test(id) ? await this.announcements.findPublished(Number(id)) : null;
    if (!found) throw new NotFoundError();
    const notice = localizeAnnouncement(found, req.lng);
    return { notice, title: notice.title };
  }
}
