import { pipeline } from 'node:stream/promises';
import { Body, Controller, Get, Headers, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { apiCaller, ApiKeysService, isIdempotencyKey, problem } from '@app/coe';
import { i18n } from '@app/platform';
import { procedureByCode } from '@app/procedures';
import { DocumentNotFoundError } from '@app/storage';
import { isApplicationStatus } from '../application-state';
import { ApplicationNotFoundError, IdempotencyConflictError, TransitionRefusedError } from '../errors';
import { isOfficeCode } from '../offices';
import { documentContentType } from './application-json';
import {
  ApplicationsApiService,
  decodeEventsCursor,
  decodeListCursor,
  EVENTS_DEFAULT_LIMIT,
  EVENTS_MAX_LIMIT,
} from './applications-api.service';
import { statusCommandErrors, statusCommandSchema, toCommand } from './status-command';

const en = (key: string) => i18n().t(key, { lng: 'en' });
const invalid = (res: Response, errors: Record<string, string[]>) =>
  problem(res, 400, 'Invalid request', 'One or more parameters are invalid.', errors);
const notFound = (res: Response, number: string) => problem(res, 404, 'Not Found', `No application ${number}.`);

/** Where a refusal of the state machine points in the request body. */
const REFUSAL_FIELD: Partial<Record<TransitionRefusedError['code'], string>> = {
  messageRequired: 'message',
  deadlineRequired: 'deadline',
  deadlineNotFuture: 'deadline',
  reasonRequired: 'reason',
};

const DATE_OR_TIME = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** `submittedSince`: a calendar date (UTC midnight) or an ISO 8601 time with its offset; 2026-02-30 is refused. */
function parseSince(raw: unknown): Date | undefined {
  const m = typeof raw === 'string' ? DATE_OR_TIME.exec(raw) : null;
  if (!m) return undefined;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (day.toISOString().slice(0, 10) !== `${m[1]}-${m[2]}-${m[3]}`) return undefined;
  const at = new Date(raw as string);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/**
 * The applications API for the agency's examination system, beside the e-COE API and on its terms:
 * the same bearer keys, problem JSON, opaque cursors and Idempotency-Key (docs/api.md).
 */
@Controller('api/v1')
export class ApplicationsApiController {
  constructor(
    private readonly api: ApplicationsApiService,
    private readonly keys: ApiKeysService,
  ) {}

  @Get('applications')
  async list(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>): Promise<void> {
    if (!(await apiCaller(this.keys, req, res))) return;
    const { status, procedure, office, submittedSince, after } = query;
    const errors: Record<string, string[]> = {};
    if (status !== undefined && !isApplicationStatus(status)) errors.status = ['must be an application status'];
    if (procedure !== undefined && !(typeof procedure === 'string' && procedureByCode(procedure)))
      errors.procedure = ['must be a procedure code'];
    if (office !== undefined && !isOfficeCode(office)) errors.office = ['must be an office code'];
    const since = parseSince(submittedSince);
    if (submittedSince !== undefined && !since)
      errors.submittedSince = ['must be a date (YYYY-MM-DD, UTC midnight) or an ISO 8601 time'];
    const cursor = typeof after === 'string' && after !== '' ? decodeListCursor(after) : undefined;
    if (after !== undefined && after !== '' && !cursor) errors.after = ['must be the "next" cursor of a previous page'];
    if (Object.keys(errors).length) return invalid(res, errors);
    res.json(
      await this.api.list(
        {
          statuses: isApplicationStatus(status) ? [status] : undefined,
          procedureCode: procedure as string | undefined,
          office: office as string | undefined,
          submittedSince: since,
        },
        cursor,
      ),
    );
  }

  @Get('applications/:number')
  async one(@Req() req: Request, @Res() res: Response, @Param('number') number: string): Promise<void> {
    if (!(await apiCaller(this.keys, req, res))) return;
    try {
      res.json(await this.api.one(number));
    } catch (e) {
      if (e instanceof ApplicationNotFoundError) return notFound(res, number);
      throw e;
    }
  }

  @Get('applications/:number/documents/:id')
  async document(
    @Req() req: Request,
    @Res() res: Response,
    @Param('number') number: string,
    @Param('id') id: string,
  ): Promise<void> {
    const caller = await apiCaller(this.keys, req, res);
    if (!caller) return;
    let found;
    try {
      found = await this.api.document(number, id, caller);
    } catch (e) {
      // The bytes gone while the row remains is not the client's doing, but it is still "no such document".
      if (e instanceof ApplicationNotFoundError || e instanceof DocumentNotFoundError)
        return problem(res, 404, 'Not Found', 'No such document.');
      throw e;
    }
    const { document, content } = found;
    res.status(200);
    res.setHeader('Content-Type', documentContentType(document));
    res.setHeader('Content-Length', String(document.size));
    res.setHeader('X-Content-SHA256', document.sha256);
    res.setHeader('Repr-Digest', `sha-256=:${Buffer.from(document.sha256, 'hex').toString('base64')}:`);
    res.setHeader('Cache-Control', 'no-store');
    res.attachment(document.originalName);
    await pipeline(content, res);
  }

  @Post('applications/:number/status')
  async status(
    @Req() req: Request,
    @Res() res: Response,
    @Param('number') number: string,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<void> {
    const caller = await apiCaller(this.keys, req, res);
    if (!caller) return;
    const parsed = statusCommandSchema.safeParse(body);
    if (!parsed.success) {
      return problem(res, 400, 'Invalid request', 'One or more fields are invalid.', statusCommandErrors(parsed.error));
    }
    if (idempotencyKey === undefined || !isIdempotencyKey(idempotencyKey)) {
      return problem(res, 400, 'Invalid request', 'Send an Idempotency-Key of 1–200 visible ASCII characters.');
    }
    try {
      const done = await this.api.changeStatus(number, toCommand(parsed.data), caller, idempotencyKey);
      if (done.replayed) res.setHeader('Idempotent-Replayed', 'true');
      res.status(200).json(done.application);
    } catch (e) {
      if (e instanceof ApplicationNotFoundError) return notFound(res, number);
      if (e instanceof IdempotencyConflictError) {
        return problem(res, 409, 'Conflict', 'This Idempotency-Key was already used with a different request.');
      }
      if (e instanceof TransitionRefusedError) {
        const field = REFUSAL_FIELD[e.code];
        const title = e.status === 409 ? 'Conflict' : 'Unprocessable request';
        return problem(res, e.status, title, en(e.messageKey), field ? { [field]: [en(e.messageKey)] } : undefined);
      }
      throw e;
    }
  }

  @Get('events')
  async events(
    @Req() req: Request,
    @Res() res: Response,
    @Query('after') after: unknown,
    @Query('limit') rawLimit: unknown,
  ): Promise<void> {
    if (!(await apiCaller(this.keys, req, res))) return;
    const errors: Record<string, string[]> = {};
    const afterId =
      after === undefined || after === '' ? '0' : typeof after === 'string' ? decodeEventsCursor(after) : undefined;
    if (afterId === undefined) errors.after = ["must be a cursor this feed gave (`next` or an item's `cursor`)"];
    const limit =
      rawLimit === undefined
        ? EVENTS_DEFAULT_LIMIT
        : typeof rawLimit === 'string' && /^[1-9]\d{0,3}$/.test(rawLimit)
          ? Number(rawLimit)
          : 0;
    if (!(limit >= 1 && limit <= EVENTS_MAX_LIMIT)) errors.limit = [`must be an integer from 1 to ${EVENTS_MAX_LIMIT}`];
    if (Object.keys(errors).length) return invalid(res, errors);
    res.json(await this.api.feed(afterId!, limit));
  }
}
