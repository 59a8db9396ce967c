import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { UsersService } from '@app/accounts';
import { Clock, IdempotentOutcome, withIdempotency } from '@app/platform';
import { DataSource, EntityManager } from 'typeorm';
import { CoeFilter, CoeLedgerRepository } from '../coe-ledger.repository';
import { IssueCoeInput } from '../coe.forms';
import { CoeRepository } from '../coe.repository';
import { CoeService } from '../coe.service';
import { withLoginIds } from '../recipient-ids';
import { encodeCursor } from './coe-cursor';
import { CoeJson, coeJson } from './coe-json';
import type { ApiCaller } from './api-problem';

export const API_PAGE_SIZE = 50;
/** Page numbers beyond this are refused: an offset makes the database walk every row before the page. */
export const API_MAX_PAGE = 100;

/** A numbered page (counted, as before cursors), or the page after a cursor (`null`: the first one). */
export type ApiListFrom = { page: number } | { afterId: string | null };

export interface ApiListPage {
  items: CoeJson[];
  page?: number;
  pageSize: number;
  total?: number;
  /** The cursor for the next page, null on the last. */
  next: string | null;
}

/** The API's use cases: issue (at most once per Idempotency-Key of a caller), one certificate, a page of them. */
@Injectable()
export class CoeApiService {
  constructor(
    private readonly db: DataSource,
    private readonly coes: CoeService,
    private readonly repo: CoeRepository,
    private readonly ledger: CoeLedgerRepository,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  issue(
    input: IssueCoeInput,
    caller: ApiCaller,
    idempotencyKey: string | undefined,
  ): Promise<IdempotentOutcome<CoeJson>> {
    const request =
      idempotencyKey === undefined
        ? undefined
        : {
            scope: `api-key:${caller.id}`,
            key: idempotencyKey,
            requestHash: createHash('sha256').update(JSON.stringify(input)).digest('hex'),
            now: this.clock.now(),
          };
    return withIdempotency(this.db, request, async (m) => {
      const coe = await this.coes.issueIn(m, input, `api:${caller.name}`, {
        ip: caller.ip,
        details: { apiKeyId: caller.id },
      });
      return { status: 201, body: (await this.one(coe.number, m))! };
    });
  }

  async one(number: string, m?: EntityManager): Promise<CoeJson | undefined> {
    const coe = await this.repo.findByNumber(number, m);
    if (!coe) return undefined;
    const recipient = await this.users.findById(coe.recipientId, m);
    return coeJson(coe, recipient?.loginId ?? '');
  }

  /**
   * A page of all certificates, newest first; `unregistered` means awaiting receipt (revoked ones are
   * not). Only numbered pages count the matches; a cursor page reads just its rows from the index.
   */
  async list(status: 'registered' | 'unregistered' | undefined, from: ApiListFrom): Promise<ApiListPage> {
    const filter: CoeFilter = {
      receipt: status === 'registered' ? 'received' : status === 'unregistered' ? 'awaiting' : undefined,
    };
    const where = 'page' in from ? { offset: (from.page - 1) * API_PAGE_SIZE } : { afterId: from.afterId ?? undefined };
    // One row more than a page tells whether there is a next page without counting.
    const rows = await this.ledger.list(filter, this.clock.now(), where, API_PAGE_SIZE + 1);
    const more = rows.length > API_PAGE_SIZE;
    const shown = rows.slice(0, API_PAGE_SIZE);
    const items = (await withLoginIds(this.users, shown)).map((r) => coeJson(r, r.loginId));
    const next = more ? encodeCursor(shown[shown.length - 1].id) : null;
    if (!('page' in from)) return { items, pageSize: API_PAGE_SIZE, next };
    return { items, page: from.page, pageSize: API_PAGE_SIZE, total: await this.ledger.count(filter), next };
  }
}
