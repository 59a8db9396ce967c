import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { Clock, LANGUAGE_CODES } from '@app/platform';
import { DataSource } from 'typeorm';
import { Announcement, LocalizedText } from './announcement.entity';
import { AnnouncementsRepository } from './announcements.repository';

export interface NewAnnouncement {
  title: LocalizedText;
  body: LocalizedText;
  publishFrom?: Date;
  publishUntil?: Date | null;
}

/** What the audit log keeps of an announcement: its number, window and languages (not the texts). */
const auditDetails = (a: Announcement) => ({
  announcementId: a.id,
  publishFrom: a.publishFrom.toISOString(),
  publishUntil: a.publishUntil?.toISOString() ?? null,
  languages: LANGUAGE_CODES.filter((l) => a.title[l] !== undefined),
});

/** お知らせ: what the portal shows now, and the officers' (and CLI's) creating and editing, audited. */
@Injectable()
export class AnnouncementsService {
  constructor(
    private readonly db: DataSource,
    private readonly announcements: AnnouncementsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Published now, newest first, one page of them and how many there are in all. */
  page(page: number, size: number): Promise<{ items: Announcement[]; total: number }> {
    return this.announcements.publishedPage(this.clock.now(), page, size);
  }

  count(): Promise<number> {
    return this.announcements.countPublished(this.clock.now());
  }

  findPublished(id: number): Promise<Announcement | null> {
    return this.announcements.findPublished(this.clock.now(), id);
  }

  /** Every announcement whatever its publish window (published, scheduled, ended), newest first: for officers. */
  all(page: number, size: number): Promise<{ items: Announcement[]; total: number }> {
    return this.announcements.allPage(page, size);
  }

  /** Any announcement by its number, published or not (officers). */
  findById(id: number): Promise<Announcement | null> {
    return this.announcements.findById(id);
  }

  /** Publishes an announcement (from now unless told otherwise), with its audit entry. */
  async create(input: NewAnnouncement, actor: string): Promise<Announcement> {
    const now = this.clock.now();
    return this.db.transaction(async (m) => {
      const created = await this.announcements.insert(
        {
          title: input.title,
          body: input.body,
          publishFrom: input.publishFrom ?? now,
          publishUntil: input.publishUntil ?? null,
          createdAt: now,
          updatedAt: now,
        },
        m,
      );
      await this.audit.record('announcement.created', { actor, details: auditDetails(created) }, m);
      return created;
    });
  }

  /** Replaces texts and publish window (the previous texts are gone), audited. Null when there is no such announcement. */
  async update(id: number, input: Required<NewAnnouncement>, actor: string): Promise<Announcement | null> {
    return this.db.transaction(async (m) => {
      const updated = await this.announcements.replace(id, { ...input, updatedAt: this.clock.now() }, m);
      if (updated) await this.audit.record('announcement.updated', { actor, details: auditDetails(updated) }, m);
      return updated;
    });
  }
}
