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
import { CoeJson, coeJson } from './coe-json';

export const API_PAGE_SIZE = 50;

export interface ApiCaller {
  id: string;
  name: string;
  /** The client address, for the audit log. */
  ip?: string;
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

  /** A page of all certificates, newest first; `unregistered` means awaiting receipt (revoked ones are not). */
  async list(
    status: 'registered' | 'unregistered' | undefined,
    page: number,
  ): Promise<{ items: CoeJson[]; page: number; pageSize: number; total: number }> {
    const filter: CoeFilter = {
      receipt: status === 'registered' ? 'received' : status === 'unregistered' ? 'awaiting' : undefined,
    };
    const total = await this.ledger.count(filter);
    const rows = await this.ledger.list(
      filter,
      this.clock.now(),
      { offset: (page - 1) * API_PAGE_SIZE },
      API_PAGE_SIZE,
    );
    return {
      items: (await withLoginIds(this.users, rows)).map((r) => coeJson(r, r.loginId)),
      page,
      pageSize: API_PAGE_SIZE,
      total,
    };
  }
}
