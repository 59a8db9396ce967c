import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Clock, CsvColumn, csvHeader, csvJapanTime, keptInput, paginate, streamCsv, validateForm } from '@app/platform';
import { OfficerLoggedIn } from '@app/session';
import { japanToday } from '@app/fields';
import { COE_NUMBER_PATTERN } from '../coe-number';
import { CoeOrigins } from '../coe-origins';
import { issueCoeSchema, revokeCoeSchema } from '../coe.forms';
import { CoeNotFoundError, CoeService, CoeUnprintableError, RecipientUnknownError } from '../coe.service';
import { nationalityName, nationalityOptions } from '../nationalities';
import { coeValidity } from '../receipt-state';
import { COE_STATUSES, statusByCode, statusLabel } from '../statuses';
import { LEDGER_FILTERS, parseLedgerQuery } from './coe-search';
import { OfficeLedgerRow, OfficeLedgerService, Reader } from './office-ledger.service';

const PAGE = 50;
const actor = (req: Request) => `officer:${req.session.officer!.loginId}`;

/** The officers' e-COE pages: issue, ledger (search, filter, CSV), one certificate's history, revoke. */
@Controller('coes')
@UseGuards(OfficerLoggedIn)
export class OfficeCoeController {
  constructor(
    private readonly coes: CoeService,
    private readonly ledger: OfficeLedgerService,
    private readonly clock: Clock,
    private readonly origins: CoeOrigins,
  ) {}

  private formPage(req: Request, res: Response, status: number, extra: Record<string, unknown>): void {
    res.status(status).render('coe-office/issue', {
      titleKey: 'coe:office.issue.title',
      nationalities: nationalityOptions(req.lng),
      statuses: COE_STATUSES.map((s) => {
        const label = statusLabel(s, req.lng);
        return { code: s.code, name: label.text ?? label.name };
      }),
      values: {},
      ...extra,
    });
  }

  @Get('new')
  newPage(@Req() req: Request, @Res() res: Response): void {
    this.formPage(req, res, 200, {});
  }

  @Post()
  @HttpCode(200)
  async issue(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    const form = validateForm(issueCoeSchema(japanToday(this.clock.now())), body);
    if (!form.ok) return this.formPage(req, res, 422, { errors: form.errors, values: keptInput(body) });
    try {
      const coe = await this.coes.issue(form.values, actor(req));
      res.redirect(303, `/coes/${coe.number}?issued=1`);
    } catch (e) {
      if (e instanceof RecipientUnknownError) {
        return this.formPage(req, res, 422, { errors: { recipientUserId: [e.messageKey] }, values: keptInput(body) });
      }
      if (e instanceof CoeUnprintableError) {
        return this.formPage(req, res, 422, { errors: { issuingOffice: [e.messageKey] }, values: keptInput(body) });
      }
      throw e;
    }
  }

  @Get()
  async ledgerPage(@Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const query = parseLedgerQuery(raw);
    const { total, page, rows } = await this.ledger.page(query, raw.page, PAGE);
    const qs = (extra: Record<string, string>) =>
      new URLSearchParams({ ...(query.q ? { q: query.q } : {}), status: query.status, ...extra }).toString();
    res.render('coe-office/ledger', {
      titleKey: 'coe:office.ledger.title',
      query,
      filters: LEDGER_FILTERS.map((f) => ({ value: f, selected: f === query.status })),
      rows,
      total,
      csvHref: `/coes.csv?${qs({})}`,
      pagination: paginate({ page, size: PAGE, total, href: (p) => `/coes?${qs({ page: String(p) })}` }),
    });
  }

  /** Certificates awaiting receipt by week of issue (Monday-based weeks, Japan time). */
  @Get('dashboard')
  async dashboard(@Res() res: Response): Promise<void> {
    const weeks = await this.ledger.weeksAwaitingReceipt();
    res.render('coe-office/dashboard', { titleKey: 'coe:office.dashboard.title', weeks });
  }

  private async showPage(
    req: Request,
    res: Response,
    number: string,
    status: number,
    extra: Record<string, unknown> = {},
    viewer?: Reader,
  ): Promise<void> {
    const page = COE_NUMBER_PATTERN.test(number) ? await this.ledger.certificate(number, viewer) : undefined;
    if (!page) throw new CoeNotFoundError();
    const { coe } = page;
    const residence = statusByCode(coe.statusOfResidence);
    res.status(status).render('coe-office/show', {
      titleKey: 'coe:office.show.title',
      ...page,
      validity: coeValidity(coe, this.clock.now()),
      residence: residence ? statusLabel(residence, req.lng) : { name: coe.statusOfResidence },
      nationalityName: nationalityName(coe.nationality, req.lng),
      origin: await this.origins.of(coe.id),
      values: {},
      ...extra,
    });
  }

  @Get(':number')
  show(
    @Req() req: Request,
    @Res() res: Response,
    @Param('number') number: string,
    @Query('issued') issued: unknown,
  ): Promise<void> {
    return this.showPage(req, res, number, 200, { issued: issued === '1' }, { actor: actor(req), ip: req.ip });
  }

  @Post(':number/revoke')
  @HttpCode(200)
  async revoke(
    @Req() req: Request,
    @Res() res: Response,
    @Param('number') number: string,
    @Body() body: unknown,
  ): Promise<void> {
    if (!COE_NUMBER_PATTERN.test(number)) throw new CoeNotFoundError();
    const form = validateForm(revokeCoeSchema, body);
    if (!form.ok) return this.showPage(req, res, number, 422, { errors: form.errors, values: keptInput(body) });
    await this.coes.revoke(number, form.values.reason, actor(req));
    res.redirect(303, `/coes/${number}`);
  }
}

// Japanese headings for the officers' spreadsheets; the English ones (`?header=en`) name the Japan-time
// columns …Jst, so a program written for the former UTC columns fails loudly instead of misreading them.
const CSV_COLUMNS: CsvColumn<OfficeLedgerRow>[] = [
  { ja: '在留資格認定証明書番号', en: 'number', cell: (r) => r.number },
  { ja: '受取人の利用者ID', en: 'recipientUserId', cell: (r) => r.loginId },
  { ja: '氏名（英字）', en: 'holderNameEn', cell: (r) => r.holderNameEn },
  { ja: '在留資格', en: 'statusOfResidence', cell: (r) => r.statusOfResidence },
  { ja: '交付日時（日本時間）', en: 'issuedAtJst', cell: (r) => csvJapanTime(r.issuedAt) },
  { ja: '受領登録依頼日時（日本時間）', en: 'firstMailedAtJst', cell: (r) => csvJapanTime(r.firstMailedAt) },
  { ja: '受領登録日時（日本時間）', en: 'receivedAtJst', cell: (r) => csvJapanTime(r.receivedAt) },
  { ja: '取消日時（日本時間）', en: 'revokedAtJst', cell: (r) => csvJapanTime(r.revokedAt) },
  { ja: '再送回数', en: 'remindersSent', cell: (r) => r.remindersSent },
];

/** CSV export of the filtered ledger, streamed in batches so any size fits in little memory. */
@Controller()
@UseGuards(OfficerLoggedIn)
export class OfficeCoeCsvController {
  constructor(private readonly ledger: OfficeLedgerService) {}

  @Get('coes.csv')
  csv(@Req() req: Request, @Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const batches = this.ledger.batches(parseLedgerQuery(raw), { actor: actor(req), ip: req.ip });
    return streamCsv(res, 'e-coe-ledger.csv', CSV_COLUMNS, csvHeader(raw.header), batches);
  }
}
