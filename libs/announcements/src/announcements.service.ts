import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock } from '@app/platform';
import { Brackets, Repository, SelectQueryBuilder } from 'typeorm';
import { Announcement, LocalizedText } from './announcement.entity';

export interface NewAnnouncement {
  title: LocalizedText;
  body: LocalizedText;
  publishFrom?: Date;
  publishUntil?: Date | null;
}

@Injectable()
export class AnnouncementsService {
  constructor(
    @InjectRepository(Announcement) private readonly repo: Repository<Announcement>,
    private readonly clock: Clock,
  ) {}

  private published(now: Date): SelectQueryBuilder<Announcement> {
    return this.repo
      .createQueryBuilder('a')
      .where('a.publish_from <= :now', { now })
      .andWhere(new Brackets((w) => w.where('a.publish_until IS NULL').orWhere('a.publish_until > :now', { now })))
      .orderBy('a.publish_from', 'DESC')
      .addOrderBy('a.id', 'DESC');
  }

  /** Published now, newest first, one page of them and how many there are in all. */
  async page(page: number, size: number): Promise<{ items: Announcement[]; total: number }> {
    const [items, total] = await this.published(this.clock.now())
      .offset((page - 1) * size)
      .limit(size)
      .getManyAndCount();
    return { items, total };
  }

  async count(): Promise<number> {
    return this.published(this.clock.now()).getCount();
  }

  latest(n: number): Promise<Announcement[]> {
    return this.published(this.clock.now()).limit(n).getMany();
  }

  async findPublished(id: number): Promise<Announcement | null> {
    return this.published(this.clock.now()).andWhere('a.id = :id', { id }).getOne();
  }

  async create(input: NewAnnouncement): Promise<Announcement> {
    const now = this.clock.now();
    return this.repo.save(
      this.repo.create({
        title: input.title,
        body: input.body,
        publishFrom: input.publishFrom ?? now,
        publishUntil: input.publishUntil ?? null,
        createdAt: now,
        updatedAt: now,
      }),
    );
  }
}
