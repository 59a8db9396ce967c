import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { Announcement, LocalizedText } from './announcement.entity';

/** A new announcement row as stored; `createdAt`/`updatedAt` are the caller's "now". */
export type NewAnnouncementRow = Omit<Announcement, 'id'>;

/** The `announcement` table. Pass a transaction's manager to take part in it. */
@Injectable()
export class AnnouncementsRepository {
  constructor(private readonly db: DataSource) {}

  private repo(manager?: EntityManager): Repository<Announcement> {
    return (manager ?? this.db.manager).getRepository(Announcement);
  }

  /** Published at `now` (from reached, until not yet), newest first. */
  private published(now: Date): SelectQueryBuilder<Announcement> {
    return this.repo()
      .createQueryBuilder('a')
      .where('a.publish_from <= :now', { now })
      .andWhere(new Brackets((w) => w.where('a.publish_until IS NULL').orWhere('a.publish_until > :now', { now })))
      .orderBy('a.publish_from', 'DESC')
      .addOrderBy('a.id', 'DESC');
  }

  async publishedPage(now: Date, page: number, size: number): Promise<{ items: Announcement[]; total: number }> {
    const [items, total] = await this.published(now)
      .offset((page - 1) * size)
      .limit(size)
      .getManyAndCount();
    return { items, total };
  }

  countPublished(now: Date): Promise<number> {
    return this.published(now).getCount();
  }

  latestPublished(now: Date, n: number): Promise<Announcement[]> {
    return this.published(now).limit(n).getMany();
  }

  /** When the next scheduled announcement starts (the earliest `publish_from` after `now`), if any. */
  async nextPublishFrom(now: Date): Promise<Date | null> {
    const row = await this.repo()
      .createQueryBuilder('a')
      .select('min(a.publish_from)', 'next')
      .where('a.publish_from > :now', { now })
      .getRawOne<{ next: Date | null }>();
    return row?.next ?? null;
  }

  findPublished(now: Date, id: number): Promise<Announcement | null> {
    return this.published(now).andWhere('a.id = :id', { id }).getOne();
  }

  /** Every announcement whatever its window, newest first. */
  async allPage(page: number, size: number): Promise<{ items: Announcement[]; total: number }> {
    const [items, total] = await this.repo()
      .createQueryBuilder('a')
      .orderBy('a.publish_from', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .offset((page - 1) * size)
      .limit(size)
      .getManyAndCount();
    return { items, total };
  }

  findById(id: number, manager?: EntityManager): Promise<Announcement | null> {
    return this.repo(manager).findOne({ where: { id } });
  }

  insert(row: NewAnnouncementRow, manager?: EntityManager): Promise<Announcement> {
    const repo = this.repo(manager);
    return repo.save(repo.create(row));
  }

  /** Replaces texts and window; null when there is no such announcement. */
  async replace(
    id: number,
    change: {
      title: LocalizedText;
      body: LocalizedText;
      publishFrom: Date;
      publishUntil: Date | null;
      updatedAt: Date;
    },
    manager?: EntityManager,
  ): Promise<Announcement | null> {
    const repo = this.repo(manager);
    const found = await repo.findOne({ where: { id } });
    if (!found) return null;
    // Assigned, not merged: a merge would keep a translation the officer has just removed.
    Object.assign(found, change);
    return repo.save(found);
  }
}
