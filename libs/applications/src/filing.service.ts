import { Injectable } from '@nestjs/common';
import { User, UsersService } from '@app/accounts';
import { AuditService } from '@app/audit';
import { japanToday } from '@app/fields';
import { Clock, isUniqueViolation, isUuid, validateForm } from '@app/platform';
import { PROCEDURE_DATA, Procedure } from '@app/procedures';
import { DataSource, EntityManager } from 'typeorm';
import { ApplicationDocument, StoredUpload, uploadedDocument } from './application-document.entity';
import { ApplicationEvent } from './application-event.entity';
import { generateApplicationNumber, isApplicationNumber } from './application-number';
import { ApplicationNotices } from './application-notices';
import { ApplicationTransitions, Transitioned } from './application-transitions';
import { Application, NewApplication } from './application.entity';
import { filedDataOf } from './application-form-input';
import { ApplicationData, applicationSchema } from './application.forms';
import { ApplicationsRepository } from './applications.repository';
import { checkItem, missingItems, procedureOrFail } from './checklist';
import { DocumentsRepository } from './documents.repository';
import { DraftsRepository } from './drafts.repository';
import { checkEligibility } from './eligibility';
import { ApplicationInvalidError, ApplicationNotFoundError, NotEligibleError } from './errors';
import { EventsRepository } from './events.repository';
import { decodeKeyset, KeysetPage, pageOf } from './keyset';

/** One application with its history and documents: the 申請状況確認 detail page and the office page. */
export interface ApplicationView {
  application: Application;
  events: ApplicationEvent[];
  documents: ApplicationDocument[];
}

/** A document sent with an answer to a request: the checklist item (or `other`) and the stored file. */
export interface AnsweredDocument {
  item: string;
  file: StoredUpload;
}

export const FILER_PAGE_SIZE = 20;

/** The filer's side after the draft: submit, withdraw, answer a request, and 申請状況確認. */
@Injectable()
export class ApplicationFilingService {
  constructor(
    private readonly db: DataSource,
    private readonly drafts: DraftsRepository,
    private readonly applications: ApplicationsRepository,
    private readonly documents: DocumentsRepository,
    private readonly events: EventsRepository,
    private readonly transitions: ApplicationTransitions,
    private readonly notices: ApplicationNotices,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * 申請: validates the draft in full, checks eligibility and the required documents again, gives the
   * application its 受付番号, moves the documents over and deletes the draft, with the `submitted` event,
   * the audit entry and the 受付通知 mail, in one transaction. Retries on the rare clash of a random number.
   */
  async submit(filerId: string, draftId: string, ip?: string): Promise<Application> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction((m) => this.submitIn(m, filerId, draftId, ip));
      } catch (e) {
        if (!isUniqueViolation(e) || attempt >= 3) throw e;
      }
    }
  }

  private async submitIn(m: EntityManager, filerId: string, draftId: string, ip?: string): Promise<Application> {
    const draft = isUuid(draftId) ? await this.drafts.lockOwn(m, filerId, draftId) : null;
    if (!draft) throw new ApplicationNotFoundError();
    const filer = await this.users.findById(filerId, m);
    if (!filer) throw new ApplicationNotFoundError();
    const procedure = procedureOrFail(draft.procedureCode);
    const now = this.clock.now();
    const parsed = validateForm(applicationSchema(procedure, filer.category, japanToday(now)), draft.data.fields);
    if (!parsed.ok) throw new ApplicationInvalidError(parsed.errors);
    const data = parsed.values;
    // Again, from the data as submitted: the category today, the status and procedure actually chosen.
    const eligible = checkEligibility(procedure, filer.category, {
      ...draft.data.eligibility,
      status: data.wantedStatus,
      ...(data.filedWith ? { filedWith: data.filedWith } : {}),
    });
    if (!eligible.ok) throw new NotEligibleError(eligible.refusals);
    const documents = await this.documents.ofDraft(draft.id, m);
    const missing = missingItems(
      procedure,
      data.wantedStatus,
      documents.map((d) => d.item),
    );
    if (missing.length)
      throw new ApplicationInvalidError(
        Object.fromEntries(missing.map((i) => [i, ['applications:validation.documentMissing']])),
      );

    const app = await this.applications.insert(m, this.row(procedure, filer, data, now));
    await this.documents.moveToApplication(m, draft.id, app.id);
    await this.drafts.delete(m, draft.id);
    await this.events.insert(m, {
      applicationId: app.id,
      type: 'submitted',
      toStatus: 'received',
      actorKind: 'filer',
      actorId: filer.id,
      createdAt: now,
    });
    await this.audit.record(
      'application.submitted',
      { actor: filer.loginId, userId: filer.id, ip, details: { number: app.number, procedure: procedure.code } },
      m,
    );
    await this.notices.received(m, app, filer);
    return app;
  }

  private row(p: Procedure, filer: User, data: ApplicationData, now: Date): NewApplication {
    return {
      number: generateApplicationNumber(now),
      procedureCode: p.code,
      procedureVersion: PROCEDURE_DATA.version,
      filerId: filer.id,
      filerCategory: filer.category,
      ...filedDataOf(p, filer.category, data),
      status: 'received',
      submittedAt: now,
      updatedAt: now,
    };
  }

  /** 取下げ: the filer's own application, until it is decided. */
  withdraw(filerId: string, number: string, ip?: string): Promise<Transitioned> {
    if (!isApplicationNumber(number)) return Promise.reject(new ApplicationNotFoundError());
    return this.db.transaction((m) =>
      this.transitions.run(m, number, 'withdraw', { kind: 'filer', userId: filerId }, {}, { ip }),
    );
  }

  /**
   * Answers a request for documents with a note and/or documents (stored by receiveUpload first): the
   * documents record which request they answer, a `documents_added` event lists them, and the
   * application goes back to 審査中.
   */
  answer(
    filerId: string,
    number: string,
    note: string | undefined,
    files: AnsweredDocument[],
    ip?: string,
  ): Promise<Transitioned> {
    if (!isApplicationNumber(number)) return Promise.reject(new ApplicationNotFoundError());
    const actor = { kind: 'filer' as const, userId: filerId };
    return this.db.transaction(async (m) => {
      const app = await this.transitions.lock(m, number, actor);
      const procedure = procedureOrFail(app.procedureCode);
      const effect = async (t: EntityManager) => {
        if (!files.length) return;
        for (const f of files) checkItem(procedure, app.wantedStatus, f.item, f.file);
        const request = await this.events.latestRequest(t, app.id);
        const now = this.clock.now();
        for (const { item, file } of files)
          await this.documents.insert(t, {
            applicationId: app.id,
            requestEventId: request?.id ?? null,
            ...uploadedDocument(item, file, filerId, now),
          });
        await this.events.insert(t, {
          applicationId: app.id,
          type: 'documents_added',
          actorKind: 'filer',
          actorId: filerId,
          message: `${files.length}`,
          createdAt: now,
        });
      };
      return this.transitions.runLocked(
        m,
        app,
        'answer',
        actor,
        { message: note, documents: files.length },
        { effect, ip },
      );
    });
  }

  /** 申請状況確認: newest first, FILER_PAGE_SIZE a page; `applicant` keeps applicants whose name starts so. */
  async listOwn(
    filerId: string,
    opts: { applicant?: string; cursor?: string; limit?: number } = {},
  ): Promise<KeysetPage<Application>> {
    const limit = Math.min(Math.max(opts.limit ?? FILER_PAGE_SIZE, 1), 100);
    const applicant = opts.applicant?.trim().toUpperCase() || undefined;
    const rows = await this.applications.listOwn(filerId, {
      applicant,
      after: decodeKeyset(opts.cursor),
      limit: limit + 1,
    });
    return pageOf(rows, limit);
  }

  /** The filer's own application with its history and documents; anyone else's is "not found". */
  async getOwn(filerId: string, number: string): Promise<ApplicationView> {
    const app = isApplicationNumber(number) ? await this.applications.find(number, filerId) : null;
    if (!app) throw new ApplicationNotFoundError();
    const [events, documents] = await Promise.all([this.events.of(app.id), this.documents.ofApplication(app.id)]);
    return { application: app, events, documents };
  }
}
