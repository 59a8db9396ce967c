import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock } from '@app/platform';
import { Brackets, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
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

  /** Pass the transaction's manager to commit the announcement together with its audit entry. */
  async create(input: NewAnnouncement, manager?: EntityManager): Promise<Announcement> {
    const now = this.clock.now();
    const repo = manager?.getRepository(Announcement) ?? this.repo;
    return repo.save(
      repo.create({
        title: input.title,
        body: input.body,
        publishFrom: input.publishFrom ?? now,
        publishUntil: input.publishUntil ?? null,
        createdAt: now,
        updatedAt: now,
      }),
    );
  }

  /** Every announcement whatever its publish window (published, scheduled, ended), newest first: for officers. */
  async all(page: number, size: number): Promise<{ items: Announcement[]; total: number }> {
    const [items, total] = await this.repo
      .createQueryBuilder('a')
      .orderBy('a.publish_from', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .offset((page - 1) * size)
      .limit(size)
      .getManyAndCount();
    return { items, total };
  }

  /** Any announcement by its number, published or not (officers). */
  findById(id: number, manager?: EntityManager): Promise<Announcement | null> {
    return (manager?.getRepository(Announcement) ?? this.repo).findOne({ where: { id } });
  }

  /** Replaces texts and publish window; the previous texts are gone. Null when there is no such announcement. */
  async update(id: number, input: Required<NewAnnouncement>, manager?: EntityManager): Promise<Announcement | null> {
    const repo = manager?.getRepository(Announcement) ?? this.repo;
    const found = await repo.findOne({ where: { id } });
    if (!found) return null;
    // Assigned, not merged: a merge would keep a translation the officer has just removed.
    Object.assign(found, {
      title: input.title,
      body: input.body,
      publishFrom: input.publishFrom,
      publishUntil: input.publishUntil,
      updatedAt: this.clock.now(),
    });
    return repo.save(found);
  }
}
