import { Controller, Get, Inject, Param, Query, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig, NotFoundError, paginate, pageNumber } from '@app/platform';
import { AnnouncementsService } from './announcements.service';
import { localizeAnnouncement } from './localize';
import { TopPageAnnouncements } from './top-page-announcements';

export const ANNOUNCEMENTS_PER_PAGE = 10;

@Controller()
export class AnnouncementsController {
  constructor(
    private readonly announcements: AnnouncementsService,
    private readonly topPage: TopPageAnnouncements,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** トップページ: みなさまへのお知らせ (latest) and the way to お知らせ一覧. */
  @Get()
  @Render('announcements/home')
  async home(@Req() req: Request) {
    const latest = await this.topPage.latest();
    return { notices: latest.map((a) => localizeAnnouncement(a, req.lng)) };
  }

  /**
   * オンライン申請手続き, the top page's third way in (manual 2.2). Until the portal takes online applications
   * (issue 13) it says what they are and links the agency's page, so the button never leads nowhere.
   */
  @Get('online-applications')
  @Render('announcements/online-applications')
  onlineApplications() {
    return { titleKey: 'onlineApplications.title', agencyUrl: this.config.onlineApplicationsInfoUrl };
  }

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
