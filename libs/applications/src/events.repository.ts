import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { queryRows } from '@app/platform';
import { EntityManager, Repository } from 'typeorm';
import type { ApplicationStatus, Decision } from './application-state';
import { ApplicationEvent, EventType, NewApplicationEvent } from './application-event.entity';

/**
 * The advisory lock every writer of an event holds, shared, from before its id is drawn until commit.
 * Nobody takes it exclusively: the feed only reads who holds it (pg_locks), so writers never wait.
 */
const WRITERS_LOCK = [13, 1_765_980_000] as const;
const WRITERS_SQL = `SELECT virtualtransaction FROM pg_locks
   WHERE locktype = 'advisory' AND granted AND classid = $1 AND objid = $2 AND objsubid = 2
     AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
const FEED_WAIT_STEP_MS = 10;

/** One entry of `GET /api/v1/events`: the event and no more of its application than number, procedure, status. */
export interface FeedEvent {
  id: string;
  type: EventType;
  number: string;
  procedureCode: string;
  fromStatus: ApplicationStatus | null;
  toStatus: ApplicationStatus | null;
  decision: Decision | null;
  createdAt: Date;
}

/** Reads and writes of `application_event` (appended only). */
@Injectable()
export class EventsRepository {
  constructor(@InjectRepository(ApplicationEvent) private readonly repo: Repository<ApplicationEvent>) {}

  private on(m?: EntityManager): Repository<ApplicationEvent> {
    return m?.getRepository(ApplicationEvent) ?? this.repo;
  }

  /** Appends an event; `m` is the change's transaction (the writers' lock is held until it ends). */
  async insert(m: EntityManager, row: NewApplicationEvent): Promise<ApplicationEvent> {
    await m.query(`SELECT pg_advisory_xact_lock_shared($1, $2)`, [...WRITERS_LOCK]);
    return this.on(m).save(this.on(m).create(row));
  }

  /**
   * The events after `afterId` in id order, only up to an id below which every event is committed.
   * Ids are drawn before commit, so a later id can commit first: a feed reading past an uncommitted
   * one would skip it for ever. The horizon is the sequence's last value, read before the writers
   * holding the lock then; once those have ended, no id at or below it can still appear. If they
   * have not ended within `waitMs`, the answer is empty and the client asks again.
   */
  async feed(afterId: string, limit: number, waitMs: number): Promise<FeedEvent[]> {
    const db = this.repo.manager;
    const [seq] = await queryRows<{ last: string }>(
      db,
      `SELECT CASE WHEN is_called THEN last_value ELSE 0 END::text AS last FROM application_event_id_seq`,
    );
    const writers = (await queryRows<{ virtualtransaction: string }>(db, WRITERS_SQL, [...WRITERS_LOCK])).map(
      (w) => w.virtualtransaction,
    );
    for (let waited = 0; writers.length; waited += FEED_WAIT_STEP_MS) {
      const still = await queryRows(db, `${WRITERS_SQL} AND virtualtransaction = ANY($3)`, [...WRITERS_LOCK, writers]);
      if (!still.length) break;
      if (waited >= waitMs) return [];
      await sleep(FEED_WAIT_STEP_MS);
    }
    return queryRows<FeedEvent>(
      db,
      `SELECT e.id::text AS id, e.type, a.number, a.procedure_code AS "procedureCode", e.from_status AS "fromStatus",
              e.to_status AS "toStatus", e.decision, e.created_at AS "createdAt"
         FROM application_event e JOIN application a ON a.id = e.application_id
        WHERE e.id > $1 AND e.id <= $2
        ORDER BY e.id LIMIT $3`,
      [afterId, seq.last, limit],
    );
  }

  /** An application's history, oldest first. */
  of(applicationId: string, m?: EntityManager): Promise<ApplicationEvent[]> {
    return this.on(m).find({ where: { applicationId }, order: { id: 'ASC' } });
  }

  /** The latest request for documents (the one an answer answers). */
  latestRequest(m: EntityManager, applicationId: string): Promise<ApplicationEvent | null> {
    return this.on(m).findOne({
      where: { applicationId, type: 'status_changed', toStatus: 'documents_requested' },
      order: { id: 'DESC' },
    });
  }
}
