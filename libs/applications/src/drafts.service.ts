import { Injectable } from '@nestjs/common';
import { User, UsersService } from '@app/accounts';
import { Clock, isUuid, validateForm } from '@app/platform';
import { Procedure } from '@app/procedures';
import { DataSource, EntityManager } from 'typeorm';
import { ApplicationDocument, StoredUpload, uploadedDocument } from './application-document.entity';
import { ApplicationDraft } from './application-draft.entity';
import { draftDataSchema } from './application.forms';
import { checkItem, procedureOrFail } from './checklist';
import { DocumentsRepository } from './documents.repository';
import { DraftsRepository } from './drafts.repository';
import { Answers, checkEligibility } from './eligibility';
import { ApplicationInvalidError, ApplicationNotFoundError, NotEligibleError } from './errors';

/** A draft with its documents, as the filing pages show it. */
export interface DraftView {
  draft: ApplicationDraft;
  procedure: Procedure;
  documents: ApplicationDocument[];
}

/**
 * 一時保存: drafts of the logged-in filer. Every method takes the filer's account id (from the session,
 * never the request) and finds only that filer's drafts; the category comes from the account row.
 */
@Injectable()
export class ApplicationDraftsService {
  constructor(
    private readonly db: DataSource,
    private readonly drafts: DraftsRepository,
    private readonly documents: DocumentsRepository,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  private async lockOwn(m: EntityManager, filerId: string, draftId: string): Promise<ApplicationDraft> {
    const draft = isUuid(draftId) ? await this.drafts.lockOwn(m, filerId, draftId) : null;
    if (!draft) throw new ApplicationNotFoundError();
    return draft;
  }

  private async filer(filerId: string): Promise<User> {
    const user = await this.users.findById(filerId);
    if (!user) throw new ApplicationNotFoundError();
    return user;
  }

  /**
   * Starts a draft of `procedureCode` after the eligibility questions: a category the procedure does not
   * take, or an answer that rules it out, is refused with every reason (NotEligibleError).
   */
  async create(filerId: string, procedureCode: string, answers: Answers): Promise<ApplicationDraft> {
    const procedure = procedureOrFail(procedureCode);
    const filer = await this.filer(filerId);
    const eligible = checkEligibility(procedure, filer.category, answers);
    if (!eligible.ok) throw new NotEligibleError(eligible.refusals);
    const now = this.clock.now();
    const eligibility: Answers = {};
    for (const [k, v] of Object.entries(answers))
      if (typeof v === 'string' || typeof v === 'boolean') eligibility[k as keyof Answers] = v;
    // The answers fill what they already tell: the wanted or held status.
    const fields = typeof answers.status === 'string' ? { wantedStatus: answers.status } : {};
    const filedWith = typeof answers.filedWith === 'string' ? { filedWith: answers.filedWith } : {};
    return this.drafts.insert({
      filerId,
      procedureCode,
      data: { eligibility, fields: { ...fields, ...filedWith } },
      createdAt: now,
      updatedAt: now,
    });
  }

  /** Saves the form as typed (bounded strings, unknown fields dropped); `fields` replaces what was saved. */
  async save(filerId: string, draftId: string, fields: unknown): Promise<ApplicationDraft> {
    const parsed = validateForm(draftDataSchema, fields);
    if (!parsed.ok) throw new ApplicationInvalidError(parsed.errors);
    return this.db.transaction(async (m) => {
      const draft = await this.lockOwn(m, filerId, draftId);
      const now = this.clock.now();
      const data = { ...draft.data, fields: parsed.values };
      await this.drafts.save(m, draft.id, data, now);
      return { ...draft, data, updatedAt: now };
    });
  }

  async get(filerId: string, draftId: string): Promise<DraftView> {
    const draft = isUuid(draftId) ? await this.drafts.findOwn(filerId, draftId) : null;
    if (!draft) throw new ApplicationNotFoundError();
    return {
      draft,
      procedure: procedureOrFail(draft.procedureCode),
      documents: await this.documents.ofDraft(draft.id),
    };
  }

  list(filerId: string): Promise<ApplicationDraft[]> {
    return this.drafts.listOwn(filerId);
  }

  /**
   * Records a document stored by libs/storage's receiveUpload against a checklist item (or `other`). The
   * item decides the kind: a photo item takes a JPEG, everything else a PDF (the upload checked the bytes).
   */
  async attachDocument(
    filerId: string,
    draftId: string,
    item: string,
    file: StoredUpload,
  ): Promise<ApplicationDocument> {
    return this.db.transaction(async (m) => {
      const draft = await this.lockOwn(m, filerId, draftId);
      const procedure = procedureOrFail(draft.procedureCode);
      checkItem(procedure, draft.data.fields.wantedStatus, item, file);
      const now = this.clock.now();
      await this.drafts.touch(m, draft.id, now);
      return this.documents.insert(m, { draftId: draft.id, ...uploadedDocument(item, file, filerId, now) });
    });
  }

  /** Removes a document from the draft; returns its row so the caller deletes `storageKey` from storage. */
  async removeDocument(filerId: string, draftId: string, documentId: string): Promise<ApplicationDocument> {
    return this.db.transaction(async (m) => {
      const draft = await this.lockOwn(m, filerId, draftId);
      const removed = isUuid(documentId) ? await this.documents.removeFromDraft(m, draft.id, documentId) : null;
      if (!removed) throw new ApplicationNotFoundError();
      await this.drafts.touch(m, draft.id, this.clock.now());
      return removed;
    });
  }
}
