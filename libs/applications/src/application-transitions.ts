import { Injectable } from '@nestjs/common';
import { User, UsersService } from '@app/accounts';
import { AuditEvent, AuditService } from '@app/audit';
import { Clock } from '@app/platform';
import { japanToday } from '@app/fields';
import { EntityManager } from 'typeorm';
import { Action, ActorKind, transition, TransitionInput } from './application-state';
import { ApplicationEvent } from './application-event.entity';
import { Application } from './application.entity';
import { ApplicationNotices } from './application-notices';
import { ApplicationChange, ApplicationsRepository } from './applications.repository';
import { ApplicationNotFoundError, TransitionRefusedError } from './errors';
import { EventsRepository } from './events.repository';

/**
 * Who acts. Officers are named in the audit log by login ID (`officer:<loginId>`, as elsewhere in the
 * office); the API by its key; a filer by their account.
 */
export type Actor =
  | { kind: 'filer'; userId: string }
  | { kind: 'officer'; officerId: string; loginId: string }
  | { kind: 'api'; keyId: string }
  | { kind: 'system' };

export const actorKind = (a: Actor): ActorKind => a.kind;
const actorId = (a: Actor): string | null =>
  a.kind === 'filer' ? a.userId : a.kind === 'officer' ? a.officerId : a.kind === 'api' ? a.keyId : null;
export const auditActor = (a: Actor, filer: User): string =>
  a.kind === 'filer'
    ? filer.loginId
    : a.kind === 'officer'
      ? `officer:${a.loginId}`
      : a.kind === 'api'
        ? `api-key:${a.keyId}`
        : 'system';

const AUDIT: Record<Action, AuditEvent> = {
  examine: 'application.examined',
  requestDocuments: 'application.documents_requested',
  answer: 'application.answered',
  approve: 'application.approved',
  deny: 'application.denied',
  issueResult: 'application.result_issued',
  withdraw: 'application.withdrawn',
};

export interface Transitioned {
  application: Application;
  event: ApplicationEvent;
  filer: User;
}

/** What a transition may do besides the status change, inside its transaction, before the event is written. */
export type Effect = (m: EntityManager, app: Application, filer: User) => Promise<ApplicationChange | void>;

/**
 * One state change, the only way an application's status moves: lock the row (SELECT … FOR UPDATE, so
 * concurrent calls queue and the later ones see the new status), ask the state machine, write the row,
 * its event, the audit entry and the filer's mail — all in the caller's transaction.
 */
@Injectable()
export class ApplicationTransitions {
  constructor(
    private readonly applications: ApplicationsRepository,
    private readonly events: EventsRepository,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly notices: ApplicationNotices,
    private readonly clock: Clock,
  ) {}

  /** The application locked; a filer only finds their own (another's is "not found"). */
  async lock(m: EntityManager, number: string, actor: Actor): Promise<Application> {
    const app = await this.applications.lock(m, number, actor.kind === 'filer' ? actor.userId : undefined);
    if (!app) throw new ApplicationNotFoundError();
    return app;
  }

  async run(
    m: EntityManager,
    number: string,
    action: Action,
    actor: Actor,
    input: TransitionInput,
    opts: { effect?: Effect; mail?: boolean; ip?: string } = {},
  ): Promise<Transitioned> {
    const app = await this.lock(m, number, actor);
    return this.runLocked(m, app, action, actor, input, opts);
  }

  /** `run` for a row the caller already locked in this transaction. */
  async runLocked(
    m: EntityManager,
    app: Application,
    action: Action,
    actor: Actor,
    input: TransitionInput,
    opts: { effect?: Effect; mail?: boolean; ip?: string } = {},
  ): Promise<Transitioned> {
    const now = this.clock.now();
    const result = transition(app.status, action, actorKind(actor), { ...input, today: japanToday(now) });
    if (!result.ok) throw new TransitionRefusedError(result.refusal);
    const filer = await this.users.findById(app.filerId, m);
    if (!filer) throw new Error(`application ${app.number} has no filer ${app.filerId}`);
    const message = input.message?.trim() || null;
    const change: ApplicationChange = { status: result.to, updatedAt: now };
    if (result.decision) Object.assign(change, { decision: result.decision, decidedAt: now });
    if (action === 'deny') change.decisionReason = message;
    if (action === 'withdraw') change.withdrawnAt = now;
    const next: Application = { ...app, ...change, version: app.version + 1 };
    Object.assign(next, (await opts.effect?.(m, next, filer)) ?? {});
    await this.applications.update(m, app.id, { ...change, ...pick(next, app) });
    const event = await this.events.insert(m, {
      applicationId: app.id,
      type: 'status_changed',
      fromStatus: app.status,
      toStatus: result.to,
      decision: result.decision ?? null,
      actorKind: actorKind(actor),
      actorId: actorId(actor),
      message,
      deadline: action === 'requestDocuments' ? (input.deadline ?? null) : null,
      createdAt: now,
    });
    await this.audit.record(
      AUDIT[action],
      {
        actor: auditActor(actor, filer),
        userId: filer.id,
        ip: opts.ip,
        details: {
          number: app.number,
          from: app.status,
          to: result.to,
          ...(result.decision ? { decision: result.decision } : {}),
        },
      },
      m,
    );
    if (opts.mail !== false) await this.notices.statusChanged(m, next, filer);
    return { application: next, event, filer };
  }
}

/** The fields an effect changed (the e-COE link), so they are written with the status. */
function pick(next: Application, before: Application): ApplicationChange {
  return next.coeId !== before.coeId ? { coeId: next.coeId } : {};
}
