import { createHash } from 'node:crypto';
import { Body, Controller, Get, Headers, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig, Clock, i18n, queryRows, validateForm } from '@app/platform';
import { japanToday } from '@app/fields';
import { DataSource, EntityManager } from 'typeorm';
import { COE_NUMBER_PATTERN } from '../coe-number';
import { issueCoeSchema } from '../coe.forms';
import { CoeService, CoeUnprintableError, RecipientUnknownError } from '../coe.service';
import { ApiKeysService } from './api-keys.service';
import { openApiDocument } from './openapi';

export const API_PAGE_SIZE = 50;

interface CoeRow {
  number: string;
  login_id: string;
  holder_name_en: string;
  nationality: string;
  date_of_birth: string;
  gender: string;
  status_of_residence: string;
  issuing_office: string;
  issued_at: Date;
  valid_until: Date;
  first_mailed_at: Date | null;
  received_at: Date | null;
  revoked_at: Date | null;
  reminders_sent: number;
}

const SELECT = `SELECT c.number, u.login_id, c.holder_name_en, c.nationality, to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
  c.gender, c.status_of_residence, c.issuing_office, c.issued_at, c.valid_until, c.first_mailed_at, c.received_at,
  c.revoked_at, c.reminders_sent FROM coe c JOIN app_user u ON u.id = c.recipient_id`;

const toJson = (r: CoeRow) => ({
  number: r.number,
  recipientUserId: r.login_id,
  holderNameEn: r.holder_name_en,
  nationality: r.nationality,
  dateOfBirth: r.date_of_birth,
  gender: r.gender,
  statusOfResidence: r.status_of_residence,
  issuingOffice: r.issuing_office,
  issuedAt: r.issued_at.toISOString(),
  validUntil: r.valid_until.toISOString(),
  firstMailedAt: r.first_mailed_at?.toISOString() ?? null,
  receiptStatus: r.received_at ? 'registered' : 'unregistered',
  receivedAt: r.received_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
  remindersSent: r.reminders_sent,
});

const en = (key: string) => i18n().t(key, { lng: 'en' });

function problem(
  res: Response,
  status: number,
  title: string,
  detail?: string,
  errors?: Record<string, string[]>,
): void {
  res
    .status(status)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        type: 'about:blank',
        title,
        status,
        ...(detail ? { detail } : {}),
        ...(errors ? { errors } : {}),
      }),
    );
}

/**
 * The JSON API for the agency's examination system (SPEC §7): bearer keys, problem JSON errors naming
 * each bad field, and Idempotency-Key so a retried POST never issues twice.
 */
@Controller('api')
export class CoeApiController {
  constructor(
    private readonly db: DataSource,
    private readonly coes: CoeService,
    private readonly keys: ApiKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @Get('docs')
  docs(@Res() res: Response): void {
    res.json(openApiDocument(this.config.officeBaseUrl));
  }

  private async caller(req: Request, res: Response): Promise<{ id: string; name: string } | undefined> {
    const key = await this.keys.authenticate(req.headers.authorization);
    if (!key) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      problem(res, 401, 'Unauthorized', 'Send a valid API key as "Authorization: Bearer <key>".');
    }
    return key;
  }

  private async one(number: string, m: EntityManager | DataSource = this.db) {
    const [row] = await queryRows<CoeRow>(m, `${SELECT} WHERE c.number = $1`, [number]);
    return row ? toJson(row) : undefined;
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
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(idempotencyKey)) {
      return problem(res, 400, 'Invalid request', 'Idempotency-Key must be 1–200 visible ASCII characters.');
    }
    const requestHash = createHash('sha256').update(JSON.stringify(form.values)).digest('hex');
    try {
      const outcome = await this.db.transaction(async (m) => {
        if (idempotencyKey !== undefined) {
          // A concurrent duplicate waits here on the unique key until the first one commits.
          const inserted = await queryRows(
            m,
            `INSERT INTO idempotency_key (api_key_id, key, request_hash, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING RETURNING key`,
            [key.id, idempotencyKey, requestHash, this.clock.now()],
          );
          if (!inserted.length) {
            const [prior] = await queryRows<{ request_hash: string; status: number; response: unknown }>(
              m,
              `SELECT request_hash, status, response FROM idempotency_key WHERE api_key_id = $1 AND key = $2`,
              [key.id, idempotencyKey],
            );
            return prior.request_hash === requestHash
              ? { status: prior.status, body: prior.response, replay: true }
              : { status: 409, body: undefined, replay: false };
          }
        }
        const coe = await this.coes.issueIn(m, form.values, `api:${key.name}`);
        const json = await this.one(coe.number, m);
        if (idempotencyKey !== undefined) {
          await m.query(`UPDATE idempotency_key SET status = 201, response = $3 WHERE api_key_id = $1 AND key = $2`, [
            key.id,
            idempotencyKey,
            JSON.stringify(json),
          ]);
        }
        return { status: 201, body: json, replay: false };
      });
      if (outcome.status === 409) {
        return problem(res, 409, 'Conflict', 'This Idempotency-Key was already used with a different request.');
      }
      if (outcome.replay) res.setHeader('Idempotent-Replayed', 'true');
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
    const found = COE_NUMBER_PATTERN.test(number) ? await this.one(number) : undefined;
    if (!found) return problem(res, 404, 'Not Found', `No certificate ${number}.`);
    res.json(found);
  }

  @Get('v1/coes')
  async list(
    @Req() req: Request,
    @Res() res: Response,
    @Query('status') status: unknown,
    @Query('page') rawPage: unknown,
  ): Promise<void> {
    if (!(await this.caller(req, res))) return;
    const errors: Record<string, string[]> = {};
    if (status !== undefined && status !== 'unregistered' && status !== 'registered') {
      errors.status = ['must be "unregistered" or "registered"'];
    }
    if (rawPage !== undefined && !(typeof rawPage === 'string' && /^[1-9]\d{0,8}$/.test(rawPage))) {
      errors.page = ['must be a positive integer'];
    }
    if (Object.keys(errors).length)
      return problem(res, 400, 'Invalid request', 'One or more parameters are invalid.', errors);
    const page = rawPage === undefined ? 1 : Number(rawPage);
    const where =
      status === 'registered'
        ? 'WHERE c.received_at IS NOT NULL'
        : status === 'unregistered'
          ? 'WHERE c.received_at IS NULL'
          : '';
    const [{ n }] = await queryRows<{ n: string }>(this.db, `SELECT count(*) AS n FROM coe c ${where}`);
    const rows = await queryRows<CoeRow>(
      this.db,
      `${SELECT} ${where} ORDER BY c.issued_at DESC, c.id DESC OFFSET $1 LIMIT $2`,
      [(page - 1) * API_PAGE_SIZE, API_PAGE_SIZE],
    );
    res.json({ items: rows.map(toJson), page, pageSize: API_PAGE_SIZE, total: Number(n) });
  }
}
