import { Controller, Get, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { UsersService } from '@app/accounts';
import { AUDIT_EVENTS, AuditFilter, AuditLogEntry, AuditService } from '@app/audit';
import {
  CsvColumn,
  csvHeader,
  csvJapanTime,
  FieldErrors,
  keptInput,
  pageNumber,
  paginate,
  streamCsv,
  validateForm,
} from '@app/platform';
import { OfficerLoggedIn } from '@app/session';
import { AuditLogQuery, auditFilter, auditLogQuery, EMPTY_QUERY, queryString } from './audit-log.query';

export const AUDIT_PER_PAGE = 50;

type Parsed = { ok: true; query: AuditLogQuery; filter: AuditFilter } | { ok: false; errors: FieldErrors };
type ShownEntry = AuditLogEntry & { loginId: string };

// Japanese headings by default; English ones (`?header=en`) for programs, the time named atJst.
const CSV_COLUMNS: CsvColumn<ShownEntry>[] = [
  { ja: 'ID', en: 'id', cell: (e) => e.id },
  { ja: '日時（日本時間）', en: 'atJst', cell: (e) => csvJapanTime(e.at) },
  { ja: 'イベント', en: 'event', cell: (e) => e.event },
  { ja: '操作者', en: 'actor', cell: (e) => e.actor ?? '' },
  { ja: '利用者ID', en: 'userId', cell: (e) => e.loginId },
  { ja: 'IPアドレス', en: 'ip', cell: (e) => e.ip ?? '' },
  { ja: '詳細', en: 'details', cell: (e) => JSON.stringify(e.details) },
];

/** The office's audit-log page (who did what, filtered and paged) and the CSV of the same rows. */
@Controller()
@UseGuards(OfficerLoggedIn)
export class AuditLogController {
  constructor(
    private readonly audit: AuditService,
    private readonly users: UsersService,
  ) {}

  private async parse(raw: Record<string, unknown>): Promise<Parsed> {
    const form = validateForm(auditLogQuery, raw);
    if (!form.ok) return form;
    if (!form.values.user) return { ok: true, query: form.values, filter: auditFilter(form.values) };
    const user = await this.users.findByLoginId(form.values.user);
    if (!user) return { ok: false, errors: { user: ['admin:validation.auditUser'] } };
    return { ok: true, query: form.values, filter: auditFilter(form.values, user.id) };
  }

  /** The entries with their users' login IDs, read from accounts (which owns the users' table). */
  private async withLoginIds(entries: AuditLogEntry[]): Promise<ShownEntry[]> {
    const ids = [...new Set(entries.flatMap((e) => (e.userId ? [e.userId] : [])))];
    const loginIds = ids.length ? await this.users.loginIdsOf(ids) : new Map<string, string>();
    return entries.map((e) => ({ ...e, loginId: e.userId ? (loginIds.get(e.userId) ?? '') : '' }));
  }

  private render(res: Response, status: number, values: Record<string, string>, extra: Record<string, unknown>) {
    res.status(status).render('office/audit-log', {
      titleKey: 'admin:audit.title',
      values,
      events: AUDIT_EVENTS.map((e) => ({ value: e, selected: e === values.event })),
      ...extra,
    });
  }

  @Get('audit')
  async list(@Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const parsed = await this.parse(raw);
    if (!parsed.ok) return this.render(res, 422, { ...EMPTY_QUERY, ...keptInput(raw) }, { errors: parsed.errors });
    const { query, filter } = parsed;
    const total = await this.audit.count(filter);
    const page = pageNumber(raw.page, Math.ceil(total / AUDIT_PER_PAGE));
    const entries = await this.withLoginIds(await this.audit.page(filter, page, AUDIT_PER_PAGE));
    this.render(res, 200, query, {
      total,
      rows: entries.map((e) => ({ ...e, detailsText: JSON.stringify(e.details) })),
      csvHref: `/audit.csv?${queryString(query)}`,
      pagination: paginate({
        page,
        size: AUDIT_PER_PAGE,
        total,
        href: (p) => `/audit?${queryString(query, { page: String(p) })}`,
      }),
    });
  }

  @Get('audit.csv')
  async csv(@Req() req: Request, @Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const parsed = await this.parse(raw);
    if (!parsed.ok) return this.render(res, 422, { ...EMPTY_QUERY, ...keptInput(raw) }, { errors: parsed.errors });
    const by = {
      actor: `officer:${req.session.officer!.loginId}`,
      ip: req.ip,
      details: { filter: Object.fromEntries(Object.entries(parsed.query).filter(([, v]) => v !== '')) },
    };
    const batches = this.shown(this.audit.exportBatches(parsed.filter, by));
    await streamCsv(res, 'audit-log.csv', CSV_COLUMNS, csvHeader(raw.header), batches);
  }

  private async *shown(batches: AsyncIterable<AuditLogEntry[]>): AsyncGenerator<ShownEntry[]> {
    for await (const batch of batches) yield this.withLoginIds(batch);
  }
}
