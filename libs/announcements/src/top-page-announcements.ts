import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, Clock } from '@app/platform';
import { Announcement } from './announcement.entity';
import { AnnouncementsRepository } from './announcements.repository';

export const LATEST_ON_TOP_PAGE = 5;

interface Kept {
  items: Announcement[];
  readAt: number;
  /** Reuse before this instant only: the TTL, or sooner when the shown list would change by the clock. */
  until: number;
}

/**
 * The top page's latest published announcements, reused for `topPageCacheMs` (docs/decisions.md: the one
 * process-local read cache). Every top page view read them before, one query of the few a page costs.
 * Changes made elsewhere (the office, the CLI) show within the TTL; changes the clock alone makes (a
 * scheduled one starting, a shown one ending) show at their instant, because a kept list is never
 * reused past the first such instant. Concurrent views while a read is in flight share that read.
 */
@Injectable()
export class TopPageAnnouncements {
  private kept?: Kept;
  private reading?: Promise<Kept>;

  constructor(
    private readonly announcements: AnnouncementsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async latest(): Promise<Announcement[]> {
    const now = this.clock.now().getTime();
    const kept = this.kept;
    // A clock set back (tests) reads again rather than trust a list read "in the future".
    if (kept && now >= kept.readAt && now < kept.until) return kept.items;
    if (this.config.topPageCacheMs === 0) return this.announcements.latestPublished(new Date(now), LATEST_ON_TOP_PAGE);
    this.reading ??= this.read(now).finally(() => (this.reading = undefined));
    const read = await this.reading;
    this.kept = read;
    return read.items;
  }

  private async read(now: number): Promise<Kept> {
    const at = new Date(now);
    const items = await this.announcements.latestPublished(at, LATEST_ON_TOP_PAGE);
    const nextStart = await this.announcements.nextPublishFrom(at);
    const changes = [now + this.config.topPageCacheMs, nextStart?.getTime() ?? Infinity];
    for (const a of items) if (a.publishUntil) changes.push(a.publishUntil.getTime());
    return { items, readAt: now, until: Math.min(...changes) };
  }
}
