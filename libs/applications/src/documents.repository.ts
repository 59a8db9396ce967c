import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { ApplicationDocument } from './application-document.entity';

export type NewDocument = Omit<ApplicationDocument, 'id' | 'draftId' | 'applicationId' | 'requestEventId'> &
  Partial<Pick<ApplicationDocument, 'draftId' | 'applicationId' | 'requestEventId'>>;

/** Reads and writes of `application_document` (metadata; the bytes are in libs/storage). */
@Injectable()
export class DocumentsRepository {
  constructor(@InjectRepository(ApplicationDocument) private readonly repo: Repository<ApplicationDocument>) {}

  private on(m?: EntityManager): Repository<ApplicationDocument> {
    return m?.getRepository(ApplicationDocument) ?? this.repo;
  }

  insert(m: EntityManager, row: NewDocument): Promise<ApplicationDocument> {
    return this.on(m).save(this.on(m).create(row));
  }

  ofDraft(draftId: string, m?: EntityManager): Promise<ApplicationDocument[]> {
    return this.on(m).find({ where: { draftId }, order: { uploadedAt: 'ASC', id: 'ASC' } });
  }

  ofApplication(applicationId: string, m?: EntityManager): Promise<ApplicationDocument[]> {
    return this.on(m).find({ where: { applicationId }, order: { uploadedAt: 'ASC', id: 'ASC' } });
  }

  /** One document of an application (the office page and the API download it by id). */
  findOfApplication(applicationId: string, id: string): Promise<ApplicationDocument | null> {
    return this.on().findOne({ where: { applicationId, id } });
  }

  /** Removes a draft's document; returns it (its storage key is the caller's to delete), or null. */
  async removeFromDraft(m: EntityManager, draftId: string, id: string): Promise<ApplicationDocument | null> {
    const doc = await this.on(m).findOne({ where: { draftId, id, applicationId: IsNull() } });
    if (doc) await this.on(m).delete({ id });
    return doc;
  }

  /** At submission the draft's documents become the application's (before the draft is deleted). */
  async moveToApplication(m: EntityManager, draftId: string, applicationId: string): Promise<number> {
    const r = await this.on(m).update({ draftId }, { draftId: null, applicationId });
    return r.affected ?? 0;
  }
}
