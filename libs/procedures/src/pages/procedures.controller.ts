import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig, NotFoundError } from '@app/platform';
import { allProcedures, procedureByCode, searchProcedures } from '../procedures';
import { procedureView, resultItem, statusOptions } from './procedure-view';
import { parseSearchQuery, QUERY_MAX_LENGTH } from './search-query';

/** A status every procedure refuses online (外交, 短期滞在, …): the page says so instead of a bare "none". */
const notOnlineAnywhere = (status: string): boolean =>
  !!status && allProcedures().every((p) => p.statuses.notOnline.some((s) => s.code === status && !s.variant));

/** 手続き検索 (public): the procedures the system takes online, and one page per procedure. */
@Controller('procedures')
export class ProceduresController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  search(@Req() req: Request, @Res() res: Response, @Query() raw: Record<string, unknown>): void {
    const parsed = parseSearchQuery(raw);
    const values = parsed.ok ? parsed.query : parsed.kept;
    const page = {
      titleKey: 'procedures:search.title',
      values,
      maxLength: QUERY_MAX_LENGTH,
      statuses: statusOptions(req.lng).map((s) => ({ ...s, selected: s.code === values.status })),
      agencyUrl: this.config.onlineApplicationsInfoUrl,
    };
    // A bad query is not searched: the form comes back with the message next to the field.
    if (!parsed.ok)
      return res.status(400).render('procedures/search', { ...page, errors: parsed.errors, searched: true });
    const { q, status } = parsed.query;
    const results = searchProcedures({ q, status, lng: req.lng }).map((p) => resultItem(p, req.lng));
    res.render('procedures/search', {
      ...page,
      results,
      searched: !!(q || status),
      notOnline: notOnlineAnywhere(status),
    });
  }

  @Get(':code')
  show(@Req() req: Request, @Res() res: Response, @Param('code') code: string): void {
    const procedure = procedureByCode(code);
    if (!procedure) throw new NotFoundError();
    const view = procedureView(procedure, req.lng);
    res.render('procedures/show', { title: view.name, procedure: view });
  }
}
