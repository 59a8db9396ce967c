import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { User, UsersService } from '@app/accounts';
import { japanToday } from '@app/fields';
import { APP_CONFIG, AppConfig, Clock, FieldErrors, translator, validateForm } from '@app/platform';
import { Procedure, procedureByCode } from '@app/procedures';
import { LoggedIn } from '@app/session';
import { DOCUMENT_SCANNER, DOCUMENT_STORAGE, DocumentScanner, DocumentStorage, receiveUpload } from '@app/storage';
import { applicationFormInput, filedDataOf } from '../application-form-input';
import { renderApplicationForm } from '../application-form-pdf';
import { APPLICATION_FIELDS, applicationSchema } from '../application.forms';
import { missingItems } from '../checklist';
import { ApplicationDraftsService, DraftView } from '../drafts.service';
import { eligibilityQuestions, mayFile } from '../eligibility';
import { ApplicationInvalidError, ApplicationNotFoundError, NotEligibleError } from '../errors';
import { ApplicationFilingService } from '../filing.service';
import { DOCUMENT_MAX_BYTES, draftUploadSpec } from './upload-limits';
import { documentsView, formView, questionsView, sizeText, statusText } from './filing-view';
import { nationalityName } from '@app/coe';

const strings = (body: unknown, keys: readonly string[]): Record<string, string> => {
  const out: Record<string, string> = {};
  if (body && typeof body === 'object')
    for (const k of keys) {
      const v = (body as Record<string, unknown>)[k];
      if (typeof v === 'string') out[k] = v;
    }
  return out;
};

const draftPath = (id: string, step = '') => `/applications/drafts/${encodeURIComponent(id)}${step}`;

/**
 * オンライン申請 in the portal (docs/applications.md, "Filing (portal)"): the eligibility questions, the
 * form (一時保存 / 次へ), the documents against the checklist, the review with the 申請書 PDF, and the
 * submission. Every draft is looked up with the session's user: another filer's draft is "not found".
 */
@Controller('applications')
@UseGuards(LoggedIn)
export class FilingController {
  constructor(
    private readonly drafts: ApplicationDraftsService,
    private readonly filing: ApplicationFilingService,
    private readonly users: UsersService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
    @Inject(DOCUMENT_SCANNER) private readonly scanner: DocumentScanner,
  ) {}

  private async user(req: Request): Promise<User> {
    const user = await this.users.findById(req.session.auth!.userId);
    if (!user) throw new ApplicationNotFoundError();
    return user;
  }

  // ---- eligibility ---------------------------------------------------------------------------------

  @Get('new')
  async start(@Req() req: Request, @Res() res: Response, @Query('procedure') code: unknown): Promise<void> {
    if (code === undefined) return res.redirect(303, '/applications/drafts');
    const procedure = typeof code === 'string' ? procedureByCode(code) : undefined;
    if (!procedure) throw new ApplicationNotFoundError();
    const user = await this.user(req);
    if (this.notHere(req, res, procedure, user)) return;
    this.renderQuestions(req, res, 200, procedure, {});
  }

  @Post('new')
  async create(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const procedure = typeof body.procedure === 'string' ? procedureByCode(body.procedure) : undefined;
    if (!procedure) throw new ApplicationNotFoundError();
    const user = await this.user(req);
    if (procedure.filedWith) return void this.notHere(req, res, procedure, user);
    const answers = strings(
      body,
      eligibilityQuestions(procedure).map((q) => q.id),
    );
    try {
      const draft = await this.drafts.create(user.id, procedure.code, answers);
      res.redirect(303, draftPath(draft.id));
    } catch (e) {
      if (!(e instanceof NotEligibleError)) throw e;
      // The service refused the category (a crafted post): the same page as the crafted GET.
      if (e.refusals.some((r) => r.reason === 'category')) return void this.notHere(req, res, procedure, user, true);
      const errors: FieldErrors = {};
      for (const r of e.refusals.filter((x) => x.reason === 'unanswered')) errors[r.question] = [r.messageKey];
      const refused = e.refusals.filter((r) => r.reason !== 'unanswered').map((r) => r.messageKey);
      this.renderQuestions(req, res, 422, procedure, answers, errors, refused);
    }
  }

  /** A category the procedure does not take, or a procedure filed only with another: the page says why. */
  private notHere(req: Request, res: Response, p: Procedure, user: User, crafted = false): boolean {
    const t = translator(req.lng);
    if (!mayFile(p, user.category) || crafted) {
      res.status(403).render('applications/filing-not-allowed', {
        title: t('applications:filing.notAllowed.title'),
        procedure: { code: p.code, name: p.name[req.lng] },
        category: user.category,
        filers: p.filers,
      });
      return true;
    }
    if (p.filedWith) {
      res.status(409).render('applications/filing-filed-with', {
        title: t('applications:filing.filedWith.title'),
        procedure: { code: p.code, name: p.name[req.lng] },
        with: p.filedWith.map((c) => ({ code: c, name: procedureByCode(c)?.name[req.lng] ?? c })),
      });
      return true;
    }
    return false;
  }

  private renderQuestions(
    req: Request,
    res: Response,
    status: number,
    p: Procedure,
    answers: Record<string, string>,
    errors?: FieldErrors,
    refused?: string[],
  ): void {
    res.status(status).render('applications/filing-eligibility', {
      titleKey: 'applications:filing.eligibility.title',
      procedure: { code: p.code, name: p.name[req.lng], url: p.url },
      questions: questionsView(p, req.lng, answers),
      errors: errors && Object.keys(errors).length ? errors : undefined,
      refused: refused?.length ? refused : undefined,
      agencyUrl: this.config.onlineApplicationsInfoUrl,
    });
  }

  // ---- drafts and the form -------------------------------------------------------------------------

  @Get('drafts')
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const drafts = await this.drafts.list(req.session.auth!.userId);
    res.render('applications/filing-drafts', {
      titleKey: 'applications:filing.drafts.title',
      drafts: drafts.map((d) => ({
        id: d.id,
        procedure: procedureByCode(d.procedureCode)?.name[req.lng] ?? d.procedureCode,
        applicant: d.data.fields.nameEn,
        updatedAt: d.updatedAt,
      })),
    });
  }

  @Get('drafts/:id')
  async form(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Query('saved') saved: unknown) {
    const user = await this.user(req);
    const view = await this.drafts.get(user.id, id);
    const values = { ...view.draft.data.fields } as Record<string, string>;
    // A foreign national files for themself: their name as registered, until they change it.
    if (user.category === 'foreign_national' && values.nameEn === undefined && user.nameEn) values.nameEn = user.nameEn;
    this.renderForm(req, res, 200, view, user, values, undefined, saved === '1');
  }

  @Post('drafts/:id')
  async saveForm(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const user = await this.user(req);
    const view = await this.drafts.get(user.id, id);
    const values = strings(body, APPLICATION_FIELDS);
    try {
      await this.drafts.save(user.id, view.draft.id, values);
    } catch (e) {
      if (!(e instanceof ApplicationInvalidError)) throw e;
      return this.renderForm(req, res, 422, view, user, values, e.errors);
    }
    if (body.action !== 'next') return res.redirect(303, `${draftPath(view.draft.id)}?saved=1`);
    const full = this.validate(view, user, values);
    if (!full.ok) return this.renderForm(req, res, 422, view, user, values, full.errors);
    res.redirect(303, draftPath(view.draft.id, '/documents'));
  }

  private validate(view: DraftView, user: User, values: Record<string, unknown>) {
    return validateForm(applicationSchema(view.procedure, user.category, japanToday(this.clock.now())), values);
  }

  private renderForm(
    req: Request,
    res: Response,
    status: number,
    view: DraftView,
    user: User,
    values: Record<string, string>,
    errors?: FieldErrors,
    saved = false,
  ): void {
    res.status(status).render('applications/filing-form', {
      titleKey: 'applications:filing.form.title',
      draftId: view.draft.id,
      procedure: { code: view.procedure.code, name: view.procedure.name[req.lng] },
      form: formView(view.procedure, user.category, req.lng, values),
      values,
      errors,
      saved,
    });
  }

  // ---- documents -----------------------------------------------------------------------------------

  @Get('drafts/:id/documents')
  async documents(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const view = await this.drafts.get(req.session.auth!.userId, id);
    this.renderDocuments(req, res, 200, view);
  }

  /** Multipart: the CSRF token is the body's first field, read ahead by the CSRF check (docs/applications.md). */
  @Post('drafts/:id/documents')
  async upload(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const userId = req.session.auth!.userId;
    // Before the body is read: another filer's draft stores nothing.
    const view = await this.drafts.get(userId, id);
    const docs = documentsView(view.procedure, view.draft.data.fields.wantedStatus, req.lng, view.documents);
    const spec = draftUploadSpec(docs.items, view.documents.length);
    const result = await receiveUpload(req, this.storage, spec, { scanner: this.scanner });
    if (!result.ok) {
      const errors: FieldErrors = {};
      for (const [field, key] of Object.entries(result.errors)) {
        const item = docs.items.find((i) => i.id === field);
        errors[field] = [key === 'validation.fileType' && item ? `applications:validation.not_${item.kind}` : key];
      }
      return this.renderDocuments(req, res, result.retryLater ? 503 : 422, view, errors);
    }
    const attached: string[] = [];
    try {
      for (const f of result.files) {
        await this.drafts.attachDocument(userId, view.draft.id, f.field, f);
        attached.push(f.key);
      }
    } catch (e) {
      // What the draft did not take is not kept in storage.
      await Promise.all(result.files.filter((f) => !attached.includes(f.key)).map((f) => this.storage.delete(f.key)));
      if (e instanceof ApplicationInvalidError) return this.renderDocuments(req, res, 422, view, e.errors);
      throw e;
    }
    res.redirect(303, draftPath(view.draft.id, '/documents'));
  }

  @Post('drafts/:id/documents/:documentId/remove')
  async remove(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
    @Param('documentId') documentId: string,
  ): Promise<void> {
    const removed = await this.drafts.removeDocument(req.session.auth!.userId, id, documentId);
    await this.storage.delete(removed.storageKey);
    res.redirect(303, draftPath(id, '/documents'));
  }

  private renderDocuments(req: Request, res: Response, status: number, view: DraftView, errors?: FieldErrors): void {
    const docs = documentsView(view.procedure, view.draft.data.fields.wantedStatus, req.lng, view.documents);
    res.status(status).render('applications/filing-documents', {
      titleKey: 'applications:filing.documents.title',
      draftId: view.draft.id,
      procedure: { code: view.procedure.code, name: view.procedure.name[req.lng] },
      items: docs.items.map((i) => ({ ...i, files: i.files.map((f) => ({ ...f, sizeText: sizeText(f.size) })) })),
      agencyUrl: docs.agencyUrl,
      maxMb: DOCUMENT_MAX_BYTES / (1024 * 1024),
      errors,
    });
  }

  // ---- review, the 申請書 and submission ----------------------------------------------------------------

  @Get('drafts/:id/review')
  async review(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const user = await this.user(req);
    const view = await this.drafts.get(user.id, id);
    this.renderReview(req, res, 200, view, user);
  }

  @Get('drafts/:id/application-form.pdf')
  async pdf(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const user = await this.user(req);
    const view = await this.drafts.get(user.id, id);
    const full = this.validate(view, user, view.draft.data.fields);
    if (!full.ok) return res.redirect(303, draftPath(view.draft.id));
    const pdf = await renderApplicationForm(
      applicationFormInput(
        view.procedure,
        filedDataOf(view.procedure, user.category, full.values),
        user,
        view.documents,
        { number: null, filedAt: null, generatedAt: this.clock.now() },
      ),
    );
    res.set({
      'Content-Type': 'application/pdf',
      'Content-Disposition': 'inline; filename="application-form-draft.pdf"',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.send(pdf);
  }

  @Post('drafts/:id/submit')
  async submit(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const user = await this.user(req);
    try {
      const app = await this.filing.submit(user.id, id, req.ip);
      res.redirect(303, `/applications/submitted/${encodeURIComponent(app.number)}`);
    } catch (e) {
      if (!(e instanceof ApplicationInvalidError) && !(e instanceof NotEligibleError)) throw e;
      this.renderReview(req, res, 422, await this.drafts.get(user.id, id), user);
    }
  }

  /** The review: the form invalid goes back to the form with its errors; a missing document is said here. */
  private renderReview(req: Request, res: Response, status: number, view: DraftView, user: User): void {
    const values = view.draft.data.fields as Record<string, string>;
    const full = this.validate(view, user, values);
    if (!full.ok) return this.renderForm(req, res, 422, view, user, values, full.errors);
    const missing = missingItems(
      view.procedure,
      full.values.wantedStatus,
      view.documents.map((d) => d.item),
    );
    const docs = documentsView(view.procedure, full.values.wantedStatus, req.lng, view.documents);
    const errors = missing.length
      ? Object.fromEntries(missing.map((i) => [i, ['applications:validation.documentMissing']]))
      : undefined;
    res.status(missing.length ? 422 : status).render('applications/filing-review', {
      titleKey: 'applications:filing.review.title',
      draftId: view.draft.id,
      procedure: { code: view.procedure.code, name: view.procedure.name[req.lng] },
      form: formView(view.procedure, user.category, req.lng, values),
      values: full.values,
      names: {
        nationality: nationalityName(full.values.nationality, req.lng),
        wantedStatus: statusText(full.values.wantedStatus, req.lng),
      },
      items: docs.items.map((i) => ({ ...i, files: i.files.map((f) => ({ ...f, sizeText: sizeText(f.size) })) })),
      errors,
      canSubmit: !missing.length,
    });
  }

  @Get('submitted/:number')
  async done(@Req() req: Request, @Res() res: Response, @Param('number') number: string): Promise<void> {
    const { application } = await this.filing.getOwn(req.session.auth!.userId, number);
    res.render('applications/filing-done', {
      titleKey: 'applications:filing.done.title',
      number: application.number,
      procedure: procedureByCode(application.procedureCode)?.name[req.lng] ?? application.procedureCode,
      submittedAt: application.submittedAt,
    });
  }
}
