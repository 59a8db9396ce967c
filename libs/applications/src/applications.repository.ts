import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { likeLiteral } from '@app/platform';
import { Brackets, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import type { ApplicationStatus } from './application-state';
import { Application, NewApplication } from './application.entity';
import { Keyset } from './keyset';

/** The statuses still in the examiners' hands: the queue's default. */
export const OPEN_STATUSES: ApplicationStatus[] = ['received', 'examining', 'documents_requested'];
export const OPEN_STATUSES_SQL = `('received', 'examining', 'documents_requested')`;

/** The office queue's filters; `assignedOfficer: null` is "nobody yet". */
export interface QueueFilter {
  procedureCode?: string;
  statuses?: ApplicationStatus[];
  office?: string;
  assignedOfficer?: string | null;
  /** The API's "submitted since": applications filed at or after this time. */
  submittedSince?: Date;
}

export type ApplicationChange = Partial<
  Pick<
    Application,
    'status' | 'decision' | 'decisionReason' | 'assignedOfficer' | 'coeId' | 'decidedAt' | 'withdrawnAt' | 'updatedAt'
  >
>;

/** Reads and writes of `application`. Lists are keyset pages over (submitted_at, id); see the migration's indexes. */
@Injectable()
export class ApplicationsRepository {
  constructor(@InjectRepository(Application) private readonly repo: Repository<Application>) {}

  private on(m?: EntityManager): Repository<Application> {
    return m?.getRepository(Application) ?? this.repo;
  }

  insert(m: EntityManager, row: NewApplication): Promise<Application> {
    return this.on(m).save(this.on(m).create(row));
  }

  /** The row, locked for the rest of the transaction (SELECT … FOR UPDATE); with `filerId`, only the filer's own. */
  lock(m: EntityManager, number: string, filerId?: string): Promise<Application | null> {
    return this.on(m).findOne({
      where: filerId ? { number, filerId } : { number },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Applies `change` and adds one to the row version (the caller holds the row's lock). */
  async update(m: EntityManager, id: string, change: ApplicationChange): Promise<void> {
    await this.on(m)
      .createQueryBuilder()
      .update()
      .set({ ...change, version: () => 'version + 1' })
      .where('id = :id', { id })
      .execute();
  }

  find(number: string, filerId?: string, m?: EntityManager): Promise<Application | null> {
    return this.on(m).findOne({ where: filerId ? { number, filerId } : { number } });
  }

  findByCoeId(coeId: string, m?: EntityManager): Promise<Application | null> {
    return this.on(m).findOne({ where: { coeId } });
  }

  /** 申請状況確認: the filer's applications newest first, optionally those whose applicant's name starts so. */
  listOwn(filerId: string, opts: { applicant?: string; after?: Keyset; limit: number }): Promise<Application[]> {
    return this.listOwnQuery(filerId, opts).getMany();
  }

  /** listOwn's statement (for the bench's EXPLAIN). */
  listOwnQuery(
    filerId: string,
    opts: { applicant?: string; after?: Keyset; limit: number },
  ): SelectQueryBuilder<Application> {
    const q = this.on().createQueryBuilder('a').where('a.filer_id = :filerId', { filerId });
    if (opts.applicant) q.andWhere(`a.name_en LIKE :prefix`, { prefix: `${likeLiteral(opts.applicant)}%` });
    if (opts.after) q.andWhere('(a.submitted_at, a.id) < (:at, :id)', { at: opts.after.at, id: opts.after.id });
    return q.orderBy('a.submitted_at', 'DESC').addOrderBy('a.id', 'DESC').limit(opts.limit);
  }

  /** The office queue: oldest first. */
  queue(filter: QueueFilter, opts: { after?: Keyset; limit: number }): Promise<Application[]> {
    return this.queueQuery(filter, opts).getMany();
  }

  /** The queue's statement (exported for the EXPLAIN test). */
  queueQuery(filter: QueueFilter, opts: { after?: Keyset; limit: number }): SelectQueryBuilder<Application> {
    const q = this.on().createQueryBuilder('a');
    const statuses = [...new Set(filter.statuses ?? [])].sort();
    // Written out, not bound: the partial indexes' predicate (see the migration) must be visible to the planner.
    if (statuses.join() === [...OPEN_STATUSES].sort().join()) q.andWhere(`a.status IN ${OPEN_STATUSES_SQL}`);
    else if (statuses.length === 1) q.andWhere('a.status = :status', { status: statuses[0] });
    else if (statuses.length) q.andWhere('a.status IN (:...statuses)', { statuses });
    if (filter.procedureCode) q.andWhere('a.procedure_code = :procedure', { procedure: filter.procedureCode });
    if (filter.office) q.andWhere('a.office = :office', { office: filter.office });
    if (filter.submittedSince) q.andWhere('a.submitted_at >= :since', { since: filter.submittedSince });
    if (filter.assignedOfficer === null) q.andWhere('a.assigned_officer IS NULL');
    else if (filter.assignedOfficer) q.andWhere('a.assigned_officer = :officer', { officer: filter.assignedOfficer });
    if (opts.after) {
      const { at, id } = opts.after;
      q.andWhere(new Brackets((b) => b.where('(a.submitted_at, a.id) > (:at, :id)', { at, id })));
    }
    return q.orderBy('a.submitted_at', 'ASC').addOrderBy('a.id', 'ASC').limit(opts.limit);
  }
}
