import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { CoeService } from '@app/coe';
import { Clock, withIdempotency } from '@app/platform';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, auditActor, Effect, ApplicationTransitions, Transitioned } from './application-transitions';
import { Application } from './application.entity';
import { ApplicationsRepository, OPEN_STATUSES, QueueFilter } from './applications.repository';
import { DocumentsRepository } from './documents.repository';
import { ApplicationNotFoundError, IdempotencyConflictError, TransitionRefusedError } from './errors';
import { EventsRepository } from './events.repository';
import { ApplicationView } from './filing.service';
import { isApplicationNumber } from './application-number';
import { decodeKeyset, KeysetPage, pageOf } from './keyset';
import { isOfficeCode, officeCertificateName } from './offices';

/** An officer (office pages) or the agency's API key acting on the examination. */
export type Examiner = Extract<Actor, { kind: 'officer' } | { kind: 'api' }>;

type Officer = Extract<Actor, { kind: 'officer' }>;

export const QUEUE_PAGE_SIZE = 50;

/** One status change as the API's `POST /api/v1/applications/:number/status` asks it. */
export type ExaminationCommand =
  | { action: 'examine' }
  | { action: 'requestDocuments'; message: string; deadline: string }
  | { action: 'approve' }
  | { action: 'deny'; reason: string }
  | { action: 'issueResult' };

/** The officers' side: the queue, one application, assignment and the examination's transitions. */
@Injectable()
export class ApplicationExaminationService {
  constructor(
    private readonly db: DataSource,
    private readonly applications: ApplicationsRepository,
    private readonly documents: DocumentsRepository,
    private readonly events: EventsRepository,
    private readonly transitions: ApplicationTransitions,
    private readonly coes: CoeService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * The queue, oldest first (submitted_at, id), QUEUE_PAGE_SIZE a page by keyset `cursor`. `statuses`
   * defaults to the open ones; `assignedOfficer: null` is "nobody yet".
   */
  async queue(filter: QueueFilter, cursor?: string, limit = QUEUE_PAGE_SIZE): Promise<KeysetPage<Application>> {
    const statuses = filter.statuses?.length ? filter.statuses : OPEN_STATUSES;
    const rows = await this.applications.queue(
      { ...filter, statuses },
      { after: decodeKeyset(cursor), limit: limit + 1 },
    );
    return pageOf(rows, limit);
  }

  /** Any application, with its history and documents (officers see every filer's). */
  async get(number: string): Promise<ApplicationView> {
    const app = isApplicationNumber(number) ? await this.applications.find(number) : null;
    if (!app) throw new ApplicationNotFoundError();
    const [events, documents] = await Promise.all([this.events.of(app.id), this.documents.ofApplication(app.id)]);
    return { application: app, events, documents };
  }

  /** The application an approved COE application issued `coeId` for (the way back from the e-COE). */
  findByCoeId(coeId: string): Promise<Application | null> {
    return this.applications.findByCoeId(coeId);
  }

  /** 担当: takes an open application for `officer` (audited; not a status change, so no event or mail). */
  assignToMe(officer: Officer, number: string, ip?: string): Promise<Application> {
    return this.setAssignee(officer, number, officer.officerId, ip);
  }

  /** Gives back an open application `officer` holds, so the queue shows it as nobody's; anyone else's stays. */
  unassign(officer: Officer, number: string, ip?: string): Promise<Application> {
    return this.setAssignee(officer, number, null, ip);
  }

  private async setAssignee(officer: Officer, number: string, to: string | null, ip?: string): Promise<Application> {
    return this.db.transaction(async (m) => {
      const app = await this.lockKnown(m, number, officer);
      if (!OPEN_STATUSES.includes(app.status))
        throw new TransitionRefusedError({
          code: app.status === 'withdrawn' ? 'withdrawn' : 'alreadyDecided',
          messageKey:
            app.status === 'withdrawn' ? 'applications:refusal.withdrawn' : 'applications:refusal.alreadyDecided',
        });
      if (app.assignedOfficer === to || (to === null && app.assignedOfficer !== officer.officerId)) return app;
      const now = this.clock.now();
      await this.applications.update(m, app.id, { assignedOfficer: to, updatedAt: now });
      await this.audit.record(
        to ? 'application.assigned' : 'application.unassigned',
        {
          actor: `officer:${officer.loginId}`,
          userId: app.filerId,
          ip,
          details: { number, from: app.assignedOfficer },
        },
        m,
      );
      return { ...app, assignedOfficer: to, updatedAt: now, version: app.version + 1 };
    });
  }

  examine = (by: Examiner, number: string, ip?: string) => this.run(by, number, { action: 'examine' }, ip);

  requestDocuments = (by: Examiner, number: string, message: string, deadline: string, ip?: string) =>
    this.run(by, number, { action: 'requestDocuments', message, deadline }, ip);

  approve = (by: Examiner, number: string, ip?: string) => this.run(by, number, { action: 'approve' }, ip);

  deny = (by: Examiner, number: string, reason: string, ip?: string) =>
    this.run(by, number, { action: 'deny', reason }, ip);

  issueResult = (by: Examiner, number: string, ip?: string) => this.run(by, number, { action: 'issueResult' }, ip);

  private async run(by: Examiner, number: string, command: ExaminationCommand, ip?: string): Promise<Transitioned> {
    return this.db.transaction((m) => this.applyIn(m, by, number, command, ip));
  }

  /**
   * The API's status change: `idempotencyKey` (the Idempotency-Key header) makes a retry replay the first
   * answer, inside the same transaction as the change; the same key with another command is a conflict.
   */
  async apply(
    by: Examiner,
    number: string,
    command: ExaminationCommand,
    opts: { idempotencyKey?: string; ip?: string } = {},
  ): Promise<{
    replayed: boolean;
    application: Pick<Application, 'number' | 'status' | 'decision' | 'coeId' | 'version'>;
  }> {
    const scope = by.kind === 'api' ? `api-key:${by.keyId}` : `officer:${by.officerId}`;
    const request =
      opts.idempotencyKey === undefined
        ? undefined
        : {
            scope,
            key: opts.idempotencyKey,
            requestHash: createHash('sha256').update(JSON.stringify({ number, command })).digest('hex'),
            now: this.clock.now(),
          };
    const outcome = await withIdempotency(this.db, request, async (m) => {
      const { application: a } = await this.applyIn(m, by, number, command, opts.ip);
      return {
        status: 200,
        body: { number: a.number, status: a.status, decision: a.decision, coeId: a.coeId, version: a.version },
      };
    });
    if (outcome.kind === 'conflict') throw new IdempotencyConflictError();
    return { replayed: outcome.kind === 'replayed', application: outcome.body };
  }

  private async lockKnown(m: EntityManager, number: string, by: Actor): Promise<Application> {
    if (!isApplicationNumber(number)) throw new ApplicationNotFoundError();
    return this.transitions.lock(m, number, by);
  }

  private async applyIn(
    m: EntityManager,
    by: Examiner,
    number: string,
    command: ExaminationCommand,
    ip?: string,
  ): Promise<Transitioned> {
    const app = await this.lockKnown(m, number, by);
    const opts = { ip };
    switch (command.action) {
      case 'requestDocuments':
        return this.transitions.runLocked(m, app, 'requestDocuments', by, command, opts);
      case 'deny':
        return this.transitions.runLocked(m, app, 'deny', by, { message: command.reason }, opts);
      case 'approve':
        return app.procedureCode === 'coe'
          ? this.approveCoe(m, app, by, ip)
          : this.transitions.runLocked(m, app, 'approve', by, {}, opts);
      case 'examine':
      case 'issueResult':
        return this.transitions.runLocked(m, app, command.action, by, {}, opts);
    }
  }

  /**
   * Approving a COE application issues the e-COE to the filer through the existing issuance (its mail,
   * receipt ledger and reminders), links it, and gives the result at once: one transaction, two events
   * (審査終了, 結果) and one status mail — the result's — beside the certificate's own mail.
   */
  private async approveCoe(m: EntityManager, app: Application, by: Examiner, ip?: string): Promise<Transitioned> {
    const issue: Effect = async (t, a, filer) => {
      const coe = await this.coes.issueIn(
        t,
        {
          recipientUserId: filer.loginId,
          holderNameEn: a.nameEn,
          nationality: a.nationality,
          dateOfBirth: a.dateOfBirth,
          gender: a.sex,
          statusOfResidence: a.wantedStatus,
          issuingOffice: isOfficeCode(a.office) ? officeCertificateName(a.office) : a.office,
        },
        auditActor(by, filer),
        { ip, details: { application: a.number } },
      );
      return { coeId: coe.id };
    };
    const decided = await this.transitions.runLocked(m, app, 'approve', by, {}, { effect: issue, mail: false, ip });
    return this.transitions.runLocked(m, decided.application, 'issueResult', by, {}, { ip });
  }
}
