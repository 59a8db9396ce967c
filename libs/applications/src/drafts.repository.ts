import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { ApplicationDraft, DraftContent } from './application-draft.entity';

/** Reads and writes of `application_draft`; every read names the filer, so another's draft is not found. */
@Injectable()
export class DraftsRepository {
  constructor(@InjectRepository(ApplicationDraft) private readonly repo: Repository<ApplicationDraft>) {}

  private on(m?: EntityManager): Repository<ApplicationDraft> {
    return m?.getRepository(ApplicationDraft) ?? this.repo;
  }

  insert(row: Omit<ApplicationDraft, 'id'>, m?: EntityManager): Promise<ApplicationDraft> {
    return this.on(m).save(this.on(m).create(row));
  }

  findOwn(filerId: string, id: string, m?: EntityManager): Promise<ApplicationDraft | null> {
    return this.on(m).findOne({ where: { id, filerId } });
  }

  lockOwn(m: EntityManager, filerId: string, id: string): Promise<ApplicationDraft | null> {
    return this.on(m).findOne({ where: { id, filerId }, lock: { mode: 'pessimistic_write' } });
  }

  /** The filer's drafts, the last touched first (a filer keeps a handful; the index is (filer_id, updated_at)). */
  listOwn(filerId: string): Promise<ApplicationDraft[]> {
    return this.on().find({ where: { filerId }, order: { updatedAt: 'DESC' }, take: 100 });
  }

  async save(m: EntityManager, id: string, data: DraftContent, now: Date): Promise<void> {
    await this.on(m).update({ id }, { data, updatedAt: now });
  }

  async touch(m: EntityManager, id: string, now: Date): Promise<void> {
    await this.on(m).update({ id }, { updatedAt: now });
  }

  async delete(m: EntityManager, id: string): Promise<void> {
    await this.on(m).delete({ id });
  }
}
