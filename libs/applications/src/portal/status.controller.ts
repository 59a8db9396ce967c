import { Controller, Get, Inject, Next, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { UsersService } from '@app/accounts';
import { CoeService, DEFAULT_PAGE_SIZE, pageSizeOf, PAGE_SIZES } from '@app/coe';
import { Clock, isUuid } from '@app/platform';
import { LoggedIn } from '@app/session';
import {
  DOCUMENT_SCANNER,
  DOCUMENT_STORAGE,
  type DocumentScanner,
  type DocumentStorage,
  receiveUpload,
} from '@app/storage';
import { filedFormInput } from '../application-form-input';
import { renderApplicationForm } from '../application-form-pdf';
import { isApplicationNumber } from '../application-number';
import { OTHER_ITEM } from '../checklist';
import { ApplicationNotFoundError, ApplicationInvalidError, TransitionRefusedError } from '../errors';
import { ApplicationFilingService } from '../filing.service';
import { contentDisposition } from './content-disposition';
import { detailView, listRow } from './status-view';
import { ANSWER_NOTE_MAX, ANSWER_UPLOAD } from './upload-limits';

const APPLICANT_MAX = 100;
const MIME = { pdf: 'application/pdf', jpeg: 'image/jpeg' } as const;

/** `?applicant=`: what the filter box keeps (trimmed; anything else is no filter). */
const applicantOf = (raw: unknown): string => (typeof raw === 'string' ? raw.trim().slice(0, APPLICANT_MAX) : '');

/**
 * 申請状況確認 (docs/applications.md): the filer's applications, one application read-only with its
 * history, answering a request for documents, 取下げ, and downloads of the filer's own documents.
 * Another filer's application or document is "not found" (the localized 404), never "forbidden".
 * The number in the path must look like a 受付番号: anything else falls through to the other routes
 * under /applications (the filing pages: /applications/new, /applications/drafts).
 */
@Controller('applications')
@UseGuards(LoggedIn)
export class StatusController {
  constructor(
    private readonly filing: ApplicationFilingService,
    private readonly coes: CoeService,
    private readonly users: UsersService,
    private readonly clock: Clock,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
    @Inject(DOCUMENT_SCANNER) private readonly scanner: DocumentScanner,
  ) {}

  @Get()
  async list(
    @Req() req: Request,
    @Res() res: Response,
    @Query('applicant') rawApplicant: unknown,
    @Query('cursor') cursor: unknown,
    @Query('size') rawSize: unknown,
  ): Promise<void> {
    const size = pageSizeOf(rawSize);
    const applicant = applicantOf(rawApplicant);
    const page = await this.filing.listOwn(req.session.auth!.userId, {
      applicant: applicant || undefined,
      cursor: typeof cursor === 'string' ? cursor : undefined,
      limit: size,
    });
    const query = (extra: string) =>
      `/applications?size=${size}${applicant ? `&applicant=${encodeURIComponent(applicant)}` : ''}${extra}`;
    const first = typeof cursor === 'string' && cursor !== '';
    res.render('applications/list', {
      titleKey: 'applications:mine.title',
      rows: page.rows.map((a) => listRow(a, req.lng)),
      applicant,
      applicantMax: APPLICANT_MAX,
      size,
      sizes: PAGE_SIZES.map((s) => ({ value: s, selected: s === size })),
      defaultSize: DEFAULT_PAGE_SIZE,
      // Keyset pages (index-backed at any depth): the first page and the next; the shared pagination partial.
      pagination: {
        pages: page.next || first ? 1 : 0,
        numbers: [],
        first: first ? query('') : undefined,
        next: page.next ? query(`&cursor=${encodeURIComponent(page.next)}`) : undefined,
      },
    });
  }

  @Get(':number')
  async show(
    @Req() req: Request,
    @Res() res: Response,
    @Next() next: NextFunction,
    @Param('number') number: string,
  ): Promise<void> {
    if (!isApplicationNumber(number)) return next();
    await this.renderDetail(req, res, number);
  }

  private async renderDetail(
    req: Request,
    res: Response,
    number: string,
    extra: { status?: number; errors?: Record<string, string[]>; note?: string } = {},
  ): Promise<void> {
    const own = await this.filing.getOwn(req.session.auth!.userId, number);
    const view = detailView(own, req.lng);
    // The e-COE of an approved COE application: its entry in the filer's receipt ledger.
    if (own.application.coeId) view.coeNumber = (await this.coes.findById(own.application.coeId))?.number;
    res.status(extra.status ?? 200).render('applications/show', {
      title: `${view.procedure} ${view.number}`,
      app: view,
      noteMax: ANSWER_NOTE_MAX,
      errors: extra.errors,
      note: extra.note,
      answered: req.query.answered === '1' && view.status === 'examining',
      withdrawn: req.query.withdrawn === '1' && view.status === 'withdrawn',
    });
  }

  @Get(':number/documents/:id')
  async download(
    @Req() req: Request,
    @Res() res: Response,
    @Param('number') number: string,
    @Param('id') id: string,
  ): Promise<void> {
    if (!isApplicationNumber(number) || !isUuid(id)) throw new ApplicationNotFoundError();
    const { documents } = await this.filing.getOwn(req.session.auth!.userId, number);
    const doc = documents.find((d) => d.id === id);
    if (!doc) throw new ApplicationNotFoundError();
    const body = await this.storage.get(doc.storageKey);
    res.setHeader('Content-Type', MIME[doc.kind]);
    res.setHeader('Content-Length', String(doc.size));
    res.setHeader('Content-Disposition', contentDisposition(doc.originalName, doc.kind));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    body.on('error', () => res.destroy());
    body.pipe(res);
  }

  /**
   * The 申請書 as filed (docs/application-pdf.md): the stored data with its 受付番号 and filing time, no
   * draft mark, also after a withdrawal. A download like the documents: never cached, never sniffed.
   */
  @Get(':number/application-form.pdf')
  async form(@Req() req: Request, @Res() res: Response, @Param('number') number: string): Promise<void> {
    if (!isApplicationNumber(number)) throw new ApplicationNotFoundError();
    const filerId = req.session.auth!.userId;
    const own = await this.filing.getOwn(filerId, number);
    const filer = await this.users.findById(filerId);
    const pdf = await renderApplicationForm(filedFormInput(own, filer?.nameEn ?? null, this.clock.now()));
    res.set({
      'Content-Type': 'application/pdf',
      'Content-Length': String(pdf.length),
      'Content-Disposition': `attachment; filename="application-form-${number}.pdf"`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    res.send(pdf);
  }

  /**
   * Answer to a request for documents (multipart): the note and the files, stored by receiveUpload (content
   * checked, limits, scanner), then the service's answer. A refusal keeps the note and stores nothing.
   */
  @Post(':number/answer')
  async answer(@Req() req: Request, @Res() res: Response, @Param('number') number: string): Promise<void> {
    if (!isApplicationNumber(number)) throw new ApplicationNotFoundError();
    const filerId = req.session.auth!.userId;
    // Before the body is stored: another filer's number stores nothing.
    await this.filing.getOwn(filerId, number);
    const upload = await receiveUpload(req, this.storage, ANSWER_UPLOAD, { scanner: this.scanner });
    const note = upload.fields.note ?? '';
    const again = (status: number, errors: Record<string, string[]>) =>
      this.renderDetail(req, res, number, { status, errors, note });
    if (!upload.ok)
      return again(
        upload.retryLater ? 503 : 422,
        Object.fromEntries(Object.entries(upload.errors).map(([f, k]) => [f, [k]])),
      );
    const discard = () => Promise.all(upload.files.map((f) => this.storage.delete(f.key)));
    if ([...note].length > ANSWER_NOTE_MAX) {
      await discard();
      return again(422, { note: ['validation.tooLong'] });
    }
    const files = upload.files.map((f) => ({ item: f.field === 'photo' ? 'photo' : OTHER_ITEM, file: f }));
    try {
      await this.filing.answer(filerId, number, note, files, req.ip);
    } catch (e) {
      await discard();
      if (e instanceof TransitionRefusedError) return again(e.status, { note: [e.messageKey] });
      if (e instanceof ApplicationInvalidError) return again(422, { documents: Object.values(e.errors).flat() });
      throw e;
    }
    res.redirect(303, `/applications/${number}?answered=1`);
  }

  @Get(':number/withdraw')
  async withdrawPage(@Req() req: Request, @Res() res: Response, @Param('number') number: string): Promise<void> {
    if (!isApplicationNumber(number)) throw new ApplicationNotFoundError();
    const view = detailView(await this.filing.getOwn(req.session.auth!.userId, number), req.lng);
    res.status(view.canWithdraw ? 200 : 409).render('applications/withdraw', {
      titleKey: 'applications:mine.withdraw.title',
      app: view,
    });
  }

  @Post(':number/withdraw')
  async withdraw(@Req() req: Request, @Res() res: Response, @Param('number') number: string): Promise<void> {
    if (!isApplicationNumber(number)) throw new ApplicationNotFoundError();
    try {
      await this.filing.withdraw(req.session.auth!.userId, number, req.ip);
    } catch (e) {
      if (!(e instanceof TransitionRefusedError)) throw e;
      const view = detailView(await this.filing.getOwn(req.session.auth!.userId, number), req.lng);
      return res.status(e.status).render('applications/withdraw', {
        titleKey: 'applications:mine.withdraw.title',
        app: view,
        refusal: e.messageKey,
      });
    }
    res.redirect(303, `/applications/${number}?withdrawn=1`);
  }
}
