import { Injectable } from '@nestjs/common';
import { UsersService } from '@app/accounts';
import { AuditService } from '@app/audit';
import { MailService, OutboxHistoryEntry } from '@app/mail';
import { Clock, pageNumber } from '@app/platform';
import { CoeFilter, CoeLedgerRepository, CoeListItem, WeekOfIssue } from '../coe-ledger.repository';
import { coeTopic } from '../coe-topic';
import { Coe } from '../coe.entity';
import { CoeRepository } from '../coe.repository';
import { withLoginIds } from '../recipient-ids';
import { LedgerQuery, ledgerFilter, searchTerm } from './coe-search';

export type OfficeLedgerRow = CoeListItem & { loginId: string };

/** The officer who reads, for the audit log. */
export interface Reader {
  actor: string;
  ip?: string;
}

export interface CertificatePage {
  coe: Coe;
  recipient: { loginId: string; email: string } | undefined;
  mails: OutboxHistoryEntry[];
}

/** What the officers' e-COE pages read: the ledger (a page, or all of it for CSV), the dashboard, one certificate. */
@Injectable()
export class OfficeLedgerService {
  constructor(
    private readonly ledger: CoeLedgerRepository,
    private readonly coes: CoeRepository,
    private readonly users: UsersService,
    private readonly mail: MailService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  private async filterFor(query: LedgerQuery): Promise<CoeFilter> {
    const term = searchTerm(query);
    const user = term && 'idOrName' in term ? await this.users.findByLoginId(term.idOrName) : null;
    return ledgerFilter(query, user?.id);
  }

  async page(
    query: LedgerQuery,
    rawPage: unknown,
    size: number,
  ): Promise<{ total: number; page: number; rows: OfficeLedgerRow[] }> {
    const filter = await this.filterFor(query);
    const now = this.clock.now();
    // The page asked for, read with the total; one past the last is read again at the last (as pageNumber clamps).
    let page = pageNumber(rawPage, Number.MAX_SAFE_INTEGER);
    let found = await this.ledger.page(filter, now, (page - 1) * size, size);
    const shown = pageNumber(rawPage, Math.ceil(found.total / size));
    if (shown !== page) {
      page = shown;
      found = await this.ledger.page(filter, now, (page - 1) * size, size);
    }
    return { total: found.total, page, rows: await withLoginIds(this.users, found.rows) };
  }

  /** The whole filtered ledger in keyset batches, so any size fits in little memory; the export is audited. */
  async *batches(query: LedgerQuery, by: Reader, size = 1000): AsyncGenerator<OfficeLedgerRow[]> {
    await this.audit.record('coe.ledger_exported', { ...by, details: { q: query.q, status: query.status } });
    const filter = await this.filterFor(query);
    const now = this.clock.now();
    let after: CoeListItem | undefined;
    for (;;) {
      const batch = await this.ledger.list(filter, now, { after }, size);
      yield withLoginIds(this.users, batch);
      if (batch.length < size) return;
      after = batch[batch.length - 1];
    }
  }

  weeksAwaitingReceipt(): Promise<WeekOfIssue[]> {
    return this.ledger.weeksAwaitingReceipt();
  }

  /** One certificate with its recipient and every mail about it, or undefined; an officer's look is audited. */
  async certificate(number: string, viewer?: Reader): Promise<CertificatePage | undefined> {
    const coe = await this.coes.findByNumber(number);
    if (!coe) return undefined;
    if (viewer) await this.audit.record('coe.viewed', { ...viewer, userId: coe.recipientId, details: { number } });
    const [user, mails] = await Promise.all([
      this.users.findById(coe.recipientId),
      this.mail.history(coeTopic(coe.id)),
    ]);
    return { coe, recipient: user ? { loginId: user.loginId, email: user.email } : undefined, mails };
  }
}
