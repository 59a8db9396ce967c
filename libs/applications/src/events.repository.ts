import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, MoreThan, Repository } from 'typeorm';
import { ApplicationEvent, NewApplicationEvent } from './application-event.entity';

/** Reads and writes of `application_event` (appended only). */
@Injectable()
export class EventsRepository {
  constructor(@InjectRepository(ApplicationEvent) private readonly repo: Repository<ApplicationEvent>) {}

  private on(m?: EntityManager): Repository<ApplicationEvent> {
    return m?.getRepository(ApplicationEvent) ?? this.repo;
  }

  insert(m: EntityManager, row: NewApplicationEvent): Promise<ApplicationEvent> {
    return this.on(m).save(this.on(m).create(row));
  }

  /** An application's history, oldest first. */
  of(applicationId: string, m?: EntityManager): Promise<ApplicationEvent[]> {
    return this.on(m).find({ where: { applicationId }, order: { id: 'ASC' } });
  }

  /** Every application's events after the cursor, in order (`GET /api/v1/events?after=`). */
  after(cursor: string, limit: number): Promise<ApplicationEvent[]> {
    return this.on().find({ where: { id: MoreThan(cursor) }, order: { id: 'ASC' }, take: limit });
  }

  /** The latest request for documents (the one an answer answers). */
  latestRequest(m: EntityManager, applicationId: string): Promise<ApplicationEvent | null> {
    return this.on(m).findOne({
      where: { applicationId, type: 'status_changed', toStatus: 'documents_requested' },
      order: { id: 'DESC' },
    });
  }
}
