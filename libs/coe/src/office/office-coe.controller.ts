import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { stringify } from 'csv-stringify';
import { Clock, keptInput, paginate, pageNumber, queryRows, validateForm } from '@app/platform';
import { OfficerLoggedIn } from '@app/session';
import { japanToday } from '@app/fields';
import { DataSource } from 'typeorm';
import { COE_NUMBER_PATTERN } from '../coe-number';
import { coeValidity } from '../coe.entity';
import { issueCoeSchema } from '../coe.forms';
import { CoeNotFoundError, CoeService, CoeUnprintableError, RecipientUnknownError } from '../coe.service';
import { nationalityName, nationalityOptions } from '../nationalities';
import { COE_STATUSES, statusByCode } from '../statuses';
import { LEDGER_FILTERS, ledgerWhere, parseLedgerQuery } from './coe-search';

const PAGE = 50;
const actor = (req: Request) => `officer:${req.session.officer!.loginId}`;

interface LedgerRow {
  number: string;
  login_id: string;
  holder_name_en: string;
  status_of_residence: string;
  issued_at: Date;
  first_mailed_at: Date | null;
  received_at: Date | null;
  revoked_at: Date | null;
  reminders_sent: number;
}

const FROM = `FROM coe c JOIN app_user u ON u.id = c.recipient_id`;

/** The officers' e-COE pages: issue, ledger (search, filter, CSV), one certificate's history, revoke. */
@Controller('coes')
@UseGuards(OfficerLoggedIn)
export class OfficeCoeController {
  constructor(
    private readonly db: DataSource,
    private readonly coes: CoeService,
    private readonly clock: Clock,
  ) {}

  private formPage(req: Request, res: Response, status: number, extra: Record<string, unknown>): void {
    res.status(status).render('coe-office/issue', {
      titleKey: 'coe:office.issue.title',
      nationalities: nationalityOptions(req.lng),
      statuses: COE_STATUSES.map((s) => ({ code: s.code, name: req.lng === 'ja' ? s.ja : `${s.en} (${s.ja})` })),
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
  async ledger(@Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const query = parseLedgerQuery(raw);
    const where = ledgerWhere(query);
    const [{ n }] = await queryRows<{ n: string }>(this.db, `SELECT count(*) AS n ${FROM} ${where.sql}`, where.params);
    const total = Number(n);
    const page = pageNumber(raw.page, Math.max(1, Math.ceil(total / PAGE)));
    const rows = await queryRows<LedgerRow>(
      this.db,
      `SELECT c.number, u.login_id, c.holder_name_en, c.status_of_residence, c.issued_at, c.first_mailed_at,
              c.received_at, c.revoked_at, c.reminders_sent
       ${FROM} ${where.sql} ORDER BY c.issued_at DESC, c.id DESC OFFSET ${(page - 1) * PAGE} LIMIT ${PAGE}`,
      where.params,
    );
    const qs = (extra: Record<string, string>) =>
      new URLSearchParams({ ...(query.q ? { q: query.q } : {}), status: query.status, ...extra }).toString();
    res.render('coe-office/ledger', {
      titleKey: 'coe:office.ledger.title',
      query,
      filters: LEDGER_FILTERS.map((f) => ({ value: f, selected: f === query.status })),
      rows: rows.map((r) => ({
        ...r,
        state: r.revoked_at ? 'revoked' : r.received_at ? 'registered' : 'unregistered',
      })),
      total,
      csvHref: `/coes.csv?${qs({})}`,
      pagination: paginate({ page, size: PAGE, total, href: (p) => `/coes?${qs({ page: String(p) })}` }),
    });
  }

  /** Unregistered certificates by week of issue (Monday-based weeks, Japan time). */
  @Get('dashboard')
  async dashboard(@Res() res: Response): Promise<void> {
    const weeks = await queryRows<{ week: string; unregistered: string; reminded: string }>(
      this.db,
      `SELECT to_char(date_trunc('week', issued_at AT TIME ZONE 'Asia/Tokyo'), 'YYYY-MM-DD') AS week,
              count(*) AS unregistered, count(*) FILTER (WHERE reminders_sent > 0) AS reminded
         FROM coe WHERE received_at IS NULL AND revoked_at IS NULL
        GROUP BY 1 ORDER BY 1 DESC LIMIT 26`,
    );
    res.render('coe-office/dashboard', { titleKey: 'coe:office.dashboard.title', weeks });
  }

  @Get(':number')
  async show(
    @Req() req: Request,
    @Res() res: Response,
    @Param('number') number: string,
    @Query('issued') issued: unknown,
    @Query('revokeError') revokeError: unknown,
  ): Promise<void> {
    const coe = COE_NUMBER_PATTERN.test(number) ? await this.coes.findByNumber(number) : null;
    if (!coe) throw new CoeNotFoundError();
    const [recipient] = await queryRows<{ login_id: string; email: string }>(
      this.db,
      `SELECT login_id, email FROM app_user WHERE id = $1`,
      [coe.recipientId],
    );
    const mails = await queryRows(
      this.db,
      `SELECT template, to_address, status, attempts, created_at, sent_at, last_error, next_attempt_at
         FROM mail_outbox WHERE coe_id = $1 ORDER BY created_at, id`,
      [coe.id],
    );
    const status = statusByCode(coe.statusOfResidence);
    res.render('coe-office/show', {
      titleKey: 'coe:office.show.title',
      coe,
      recipient,
      issued: issued === '1',
      errors: revokeError === '1' ? { reason: ['coe:validation.reason'] } : undefined,
      validity: coeValidity(coe, this.clock.now()),
      statusName: status ? `${status.ja} / ${status.en}` : coe.statusOfResidence,
      nationalityName: nationalityName(coe.nationality, req.lng),
      mails,
    });
  }

  @Post(':number/revoke')
  @HttpCode(200)
  async revoke(
    @Req() req: Request,
    @Res() res: Response,
    @Param('number') number: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    if (!COE_NUMBER_PATTERN.test(number)) throw new CoeNotFoundError();
    const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
    if (!reason || reason.length > 500) return res.redirect(303, `/coes/${number}?revokeError=1`);
    await this.coes.revoke(number, reason, actor(req));
    res.redirect(303, `/coes/${number}`);
  }
}

/** CSV export of the filtered ledger, streamed in batches so any size fits in little memory. */
@Controller()
@UseGuards(OfficerLoggedIn)
export class OfficeCoeCsvController {
  constructor(private readonly db: DataSource) {}

  @Get('coes.csv')
  async csv(@Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const where = ledgerWhere(parseLedgerQuery(raw));
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="e-coe-ledger.csv"');
    const csv = stringify({
      header: true,
      bom: true,
      columns: [
        'number',
        'recipientUserId',
        'holderNameEn',
        'statusOfResidence',
        'issuedAt',
        'firstMailedAt',
        'receivedAt',
        'revokedAt',
        'remindersSent',
      ],
    });
    csv.pipe(res);
    let after: { issued_at: Date; id: string } | undefined;
    for (;;) {
      const params = [...where.params];
      let keyset = '';
      if (after) {
        params.push(after.issued_at, after.id);
        keyset = `${where.sql ? ' AND' : 'WHERE'} (c.issued_at, c.id) < ($${params.length - 1}, $${params.length})`;
      }
      const batch = await queryRows<LedgerRow & { id: string }>(
        this.db,
        `SELECT c.id, c.number, u.login_id, c.holder_name_en, c.status_of_residence, c.issued_at, c.first_mailed_at,
                c.received_at, c.revoked_at, c.reminders_sent
         ${FROM} ${where.sql}${keyset} ORDER BY c.issued_at DESC, c.id DESC LIMIT 1000`,
        params,
      );
      for (const r of batch) {
        const ok = csv.write([
          r.number,
          r.login_id,
          r.holder_name_en,
          r.status_of_residence,
          r.issued_at.toISOString(),
          r.first_mailed_at?.toISOString() ?? '',
          r.received_at?.toISOString() ?? '',
          r.revoked_at?.toISOString() ?? '',
          r.reminders_sent,
        ]);
        if (!ok) await new Promise((resolve) => csv.once('drain', resolve));
      }
      if (batch.length < 1000) break;
      after = batch[batch.length - 1];
    }
    csv.end();
  }
}
