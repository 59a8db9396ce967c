import { Body, Controller, Get, Headers, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Clock, i18n, validateForm } from '@app/platform';
import { japanToday } from '@app/fields';
import { COE_NUMBER_PATTERN } from '../coe-number';
import { issueCoeSchema } from '../coe.forms';
import { CoeUnprintableError, RecipientUnknownError } from '../coe.service';
import { ApiKeysService } from './api-keys.service';
import { decodeCursor } from './coe-cursor';
import { API_MAX_PAGE, CoeApiService } from './coe-api.service';
import { ApiCaller, apiCaller, isIdempotencyKey, problem } from './api-problem';

const en = (key: string) => i18n().t(key, { lng: 'en' });

/**
 * The JSON API for the agency's examination system (SPEC §7): bearer keys, problem JSON errors naming
 * each bad field, and Idempotency-Key so a retried POST never issues twice.
 */
@Controller('api')
export class CoeApiController {
  constructor(
    private readonly api: CoeApiService,
    private readonly keys: ApiKeysService,
    private readonly clock: Clock,
  ) {}

  private caller(req: Request, res: Response): Promise<ApiCaller | undefined> {
    return apiCaller(this.keys, req, res);
  }

  @Post('v1/coes')
  async issue(
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<void> {
    const key = await this.caller(req, res);
    if (!key) return;
    const form = validateForm(issueCoeSchema(japanToday(this.clock.now())), body);
    if (!form.ok) {
      const errors = Object.fromEntries(Object.entries(form.errors).map(([f, keys]) => [f, keys.map(en)]));
      return problem(res, 400, 'Invalid request', 'One or more fields are invalid.', errors);
    }
    if (idempotencyKey !== undefined && !isIdempotencyKey(idempotencyKey)) {
      return problem(res, 400, 'Invalid request', 'Idempotency-Key must be 1–200 visible ASCII characters.');
    }
    try {
      const outcome = await this.api.issue(form.values, key, idempotencyKey);
      if (outcome.kind === 'conflict') {
        return problem(res, 409, 'Conflict', 'This Idempotency-Key was already used with a different request.');
      }
      if (outcome.kind === 'replayed') res.setHeader('Idempotent-Replayed', 'true');
      res.status(outcome.status).json(outcome.body);
    } catch (e) {
      if (e instanceof RecipientUnknownError) {
        return problem(res, 422, 'Unprocessable request', en(e.messageKey), { recipientUserId: [en(e.messageKey)] });
      }
      if (e instanceof CoeUnprintableError) {
        return problem(res, 422, 'Unprocessable request', en(e.messageKey), { issuingOffice: [en(e.messageKey)] });
      }
      throw e;
    }
  }

  @Get('v1/coes/:number')
  async get(@Req() req: Request, @Res() res: Response, @Param('number') number: string): Promise<void> {
    if (!(await this.caller(req, res))) return;
    const found = COE_NUMBER_PATTERN.test(number) ? await this.api.one(number) : undefined;
    if (!found) return problem(res, 404, 'Not Found', `No certificate ${number}.`);
    res.json(found);
  }

  @Get('v1/coes')
  async list(
    @Req() req: Request,
    @Res() res: Response,
    @Query('status') status: unknown,
    @Query('page') rawPage: unknown,
    @Query('after') after: unknown,
  ): Promise<void> {
    if (!(await this.caller(req, res))) return;
    const errors: Record<string, string[]> = {};
    if (status !== undefined && status !== 'unregistered' && status !== 'registered') {
      errors.status = ['must be "unregistered" or "registered"'];
    }
    if (rawPage !== undefined && !(typeof rawPage === 'string' && /^[1-9]\d{0,8}$/.test(rawPage))) {
      errors.page = ['must be a positive integer'];
    } else if (rawPage !== undefined && Number(rawPage) > API_MAX_PAGE) {
      errors.page = [`must be at most ${API_MAX_PAGE}; go further with "after" and the "next" cursor of a page`];
    }
    // An empty `after` starts a cursor walk at the newest certificate.
    const afterId = typeof after === 'string' ? (after === '' ? null : decodeCursor(after)) : undefined;
    if (after !== undefined && afterId === undefined) {
      errors.after = ['must be the "next" cursor of a previous page'];
    } else if (after !== undefined && rawPage !== undefined) {
      errors.after = ['cannot be combined with "page"'];
    }
    if (Object.keys(errors).length)
      return problem(res, 400, 'Invalid request', 'One or more parameters are invalid.', errors);
    const apiStatus = status as 'registered' | 'unregistered' | undefined;
    const from = afterId !== undefined ? { afterId } : { page: rawPage === undefined ? 1 : Number(rawPage) };
    res.json(await this.api.list(apiStatus, from));
  }
}
