import { pipeline } from 'node:stream/promises';
import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AuditService } from '@app/audit';
import { japanToday } from '@app/fields';
import { Clock, isUuid, keptInput, validateForm } from '@app/platform';
import { OfficerLoggedIn } from '@app/session';
import { DOCUMENT_STORAGE, type DocumentStorage } from '@app/storage';
import { renderApplicationForm } from '../application-form-pdf';
import { actionsFrom } from '../application-state';
import { ApplicationNotFoundError, TransitionRefusedError } from '../errors';
import { ApplicationExaminationService, Examiner } from '../examination.service';
import { OfficeApplicationViews } from './office-application-views';
import { parseQueueQuery, queueFilter, queueSearch } from './office-queue';

type OfficerExaminer = Extract<Examiner, { kind: 'officer' }>;
const examiner = (req: Request): OfficerExaminer => ({
  kind: 'officer',
  officerId: req.session.officer!.officerId,
  loginId: req.session.officer!.loginId,
});

// Where each refusal for missing or bad input is shown: next to its field; the others above the actions.
const REFUSAL_FIELD: Partial<Record<TransitionRefusedError['code'], string>> = {
  messageRequired: 'message',
  deadlineRequired: 'deadline',
  deadlineNotFuture: 'deadline',
  reasonRequired: 'reason',
};

const text = (max: number) =>
  z
    .string()
    .optional()
    .transform((s) => (s ?? '').trim())
    .pipe(z.string().max(max, 'validation.tooLong'));
const requestSchema = z.object({ message: text(2000), deadline: text(10) });
const denySchema = z.object({ reason: text(2000) });

// A queue link's filters as posted back by "assign to me": only the query string the page itself wrote.
const BACK = /^[A-Za-z0-9_=&%.-]{0,600}$/;

/** The officers' examination (issue 13 item 4): the queue, one application with its documents, the actions. */
@Controller('applications')
@UseGuards(OfficerLoggedIn)
export class OfficeApplicationsController {
  constructor(
    private readonly exam: ApplicationExaminationService,
    private readonly views: OfficeApplicationViews,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
  ) {}

  @Get()
  async queue(@Req() req: Request, @Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const { query, invalid } = parseQueueQuery(raw);
    const me = examiner(req);
    const page = await this.exam.queue(queueFilter(query, me.officerId), query.cursor);
    const search = queueSearch(query, query.cursor);
    res.status(invalid.length ? 400 : 200).render('applications-office/queue', {
      titleKey: 'applications:examination.queue.title',
      ...(await this.views.queue(page.rows, query, me.officerId, req.lng)),
      invalid,
      back: search,
      firstHref: query.cursor ? `/applications?${queueSearch(query)}` : undefined,
      nextHref: page.next ? `/applications?${queueSearch(query, page.next)}` : undefined,
      paging: !!query.cursor || !!page.next,
    });
  }

  @Post(':number/assign')
  assign(@Req() req: Request, @Res() res: Response, @Param('number') number: string, @Body() body: unknown) {
    return this.act(req, res, number, body, () => this.exam.assignToMe(examiner(req), number, req.ip));
  }

  @Post(':number/unassign')
  unassign(@Req() req: Request, @Res() res: Response, @Param('number') number: string, @Body() body: unknown) {
    return this.act(req, res, number, body, () => this.exam.unassign(examiner(req), number, req.ip));
  }

  @Get(':number')
  async show(@Req() req: Request, @Res() res: Response, @Param('number') number: string, @Query('done') done: unknown) {
    await this.showPage(req, res, number, 200, { done: typeof done === 'string' ? done : undefined }, true);
  }

  /** The 申請書 as filed, shown in a tab (inline, never cached), audited at every view like the documents. */
  @Get(':number/application-form.pdf')
  async form(@Req() req: Request, @Res() res: Response, @Param('number') number: string) {
    const view = await this.exam.get(number);
    const pdf = await renderApplicationForm(await this.views.form(view, this.clock.now()));
    await this.audit.record('application.document_viewed', {
      actor: `officer:${req.session.officer!.loginId}`,
      userId: view.application.filerId,
      ip: req.ip,
      details: { number, document: 'application-form', action: 'view' },
    });
    res.set({
      'Content-Type': 'application/pdf',
      'Content-Length': String(pdf.length),
      'Content-Disposition': `inline; filename="application-form-${number}.pdf"`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': "default-src 'none'; frame-ancestors 'self'",
    });
    res.send(pdf);
  }

  /** One document, shown in the page (inline, never cached, audited at every view). */
  @Get(':number/documents/:id')
  async document(@Req() req: Request, @Res() res: Response, @Param('number') number: string, @Param('id') id: string) {
    const { application } = await this.exam.get(number);
    const doc = isUuid(id) ? await this.views.document(application.id, id) : null;
    if (!doc) throw new ApplicationNotFoundError();
    const content = await this.storage.get(doc.storageKey);
    await this.audit.record('application.document_viewed', {
      actor: `officer:${req.session.officer!.loginId}`,
      userId: application.filerId,
      ip: req.ip,
      details: { number, document: doc.id, item: doc.item, action: 'view' },
    });
    res.setHeader('Content-Type', doc.kind === 'jpeg' ? 'image/jpeg' : 'application/pdf');
    res.setHeader('Content-Length', String(doc.size));
    res.setHeader('Content-Disposition', `inline; filename="${doc.kind === 'jpeg' ? 'photo.jpg' : 'document.pdf'}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    // Framed by the application page only. A PDF cannot be sandboxed: Chromium refuses to start its PDF
    // viewer in a sandboxed document (crbug.com/413851) — its content was checked to be a PDF on upload
    // and nosniff keeps it one; everything else the document could load stays blocked.
    res.setHeader(
      'Content-Security-Policy',
      doc.kind === 'jpeg'
        ? "sandbox; default-src 'none'; img-src 'self'; frame-ancestors 'self'"
        : "default-src 'none'; frame-ancestors 'self'",
    );
    await pipeline(content, res);
  }

  @Post(':number/examine')
  examine(@Req() req: Request, @Res() res: Response, @Param('number') number: string, @Body() body: unknown) {
    return this.act(req, res, number, body, () => this.exam.examine(examiner(req), number, req.ip));
  }

  @Post(':number/request-documents')
  requestDocuments(@Req() req: Request, @Res() res: Response, @Param('number') number: string, @Body() body: unknown) {
    const form = validateForm(requestSchema, body);
    if (!form.ok) return this.showPage(req, res, number, 422, { errors: form.errors, values: keptInput(body) });
    const { message, deadline } = form.values;
    return this.act(req, res, number, body, () =>
      this.exam.requestDocuments(examiner(req), number, message, deadline, req.ip),
    );
  }

  @Post(':number/approve')
  approve(@Req() req: Request, @Res() res: Response, @Param('number') number: string, @Body() body: unknown) {
    return this.act(req, res, number, body, () => this.exam.approve(examiner(req), number, req.ip));
  }

  @Post(':number/deny')
  deny(@Req() req: Request, @Res() res: Response, @Param('number') number: string, @Body() body: unknown) {
    const form = validateForm(denySchema, body);
    if (!form.ok) return this.showPage(req, res, number, 422, { errors: form.errors, values: keptInput(body) });
    return this.act(req, res, number, body, () => this.exam.deny(examiner(req), number, form.values.reason, req.ip));
  }

  @Post(':number/issue-result')
  issueResult(@Req() req: Request, @Res() res: Response, @Param('number') number: string, @Body() body: unknown) {
    return this.act(req, res, number, body, () => this.exam.issueResult(examiner(req), number, req.ip));
  }

  /**
   * Runs one action; a refusal (decided by someone else meanwhile, a missing reason…) is shown on the
   * page with what was typed, beside its field where it has one.
   */
  private async act(req: Request, res: Response, number: string, body: unknown, run: () => Promise<unknown>) {
    try {
      await run();
    } catch (e) {
      if (!(e instanceof TransitionRefusedError)) throw e;
      const field = REFUSAL_FIELD[e.code];
      return this.showPage(req, res, number, e.status, {
        ...(field ? { errors: { [field]: [e.messageKey] } } : { refusal: e.messageKey }),
        values: keptInput(body),
      });
    }
    const back = (body as { back?: unknown })?.back;
    if (typeof back === 'string' && BACK.test(back)) return res.redirect(303, `/applications?${back}`);
    res.redirect(303, `/applications/${number}?done=1`);
  }

  private async showPage(
    req: Request,
    res: Response,
    number: string,
    status: number,
    extra: Record<string, unknown>,
    audited = false,
  ): Promise<void> {
    const view = await this.exam.get(number);
    const me = examiner(req);
    if (audited)
      await this.audit.record('application.viewed', {
        actor: `officer:${me.loginId}`,
        userId: view.application.filerId,
        ip: req.ip,
        details: { number },
      });
    res.status(status).render('applications-office/show', {
      titleKey: 'applications:examination.show.title',
      ...(await this.views.application(view, me.officerId, req.lng)),
      actions: Object.fromEntries(actionsFrom(view.application.status, 'officer').map((a) => [a, true])),
      today: japanToday(this.clock.now()),
      values: {},
      ...extra,
    });
  }
}
