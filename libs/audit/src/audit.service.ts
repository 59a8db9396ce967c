import { Injectable } from '@nestjs/common';
import { Clock } from '@app/platform';
import { EntityManager } from 'typeorm';
import { AuditBound, AuditFilter, AuditLogEntry, AuditRepository, AuditRow } from './audit.repository';

/** Security-relevant events. Add new names here so the log stays searchable by a fixed vocabulary. */
export type AuditEvent =
  | 'registration.email_requested'
  | 'registration.completed'
  | 'login.succeeded'
  | 'login.failed'
  | 'login.throttled'
  | 'account.locked'
  | 'account.unlocked'
  | 'logout'
  | 'session.expired'
  | 'session.revoked'
  | 'recovery.user_id_requested'
  | 'recovery.password_reset_requested'
  | 'password.reset'
  | 'legacy.imported'
  | 'account.approved'
  | 'email.change_requested'
  | 'email.changed'
  | 'password.changed'
  | 'profile.changed'
  | 'officer.created'
  | 'officer.login_succeeded'
  | 'officer.login_failed'
  | 'officer.locked'
  | 'officer.password_changed'
  | 'officer.totp_enrolled'
  | 'officer.session_expired'
  | 'officer.session_revoked'
  | 'officer.unlocked'
  | 'officer.disabled'
  | 'officer.secrets_resealed'
  | 'officer.logout'
  | 'user.viewed'
  | 'coe.viewed'
  | 'coe.ledger_exported'
  | 'api.key_rejected'
  | 'audit.exported'
  | 'coe.issued'
  | 'coe.received'
  | 'coe.revoked'
  | 'apikey.created'
  | 'apikey.revoked'
  | 'announcement.created'
  | 'announcement.updated'
  | 'application.submitted'
  | 'application.assigned'
  | 'application.unassigned'
  | 'application.viewed'
  | 'application.document_viewed'
  | 'application.examined'
  | 'application.documents_requested'
  | 'application.answered'
  | 'application.approved'
  | 'application.denied'
  | 'application.result_issued'
  | 'application.withdrawn'
  | 'application.document_downloaded';

export interface AuditEntry {
  /** Who acted: a login ID, `officer:<id>`, `cli` or `system`. */
  actor?: string;
  /** The account concerned (app_user.id). */
  userId?: string;
  ip?: string;
  details?: Record<string, unknown>;
}

/** Append-only audit log. Pass the transaction's manager so the entry commits with the change; read by the office's audit-log page. */
@Injectable()
export class AuditService {
  constructor(
    private readonly rows: AuditRepository,
    private readonly clock: Clock,
  ) {}

  private row(event: AuditEvent, entry: AuditEntry): AuditRow {
    return {
      at: this.clock.now(),
      event,
      actor: entry.actor ?? null,
      userId: entry.userId ?? null,
      ip: entry.ip ?? null,
      details: entry.details ?? {},
    };
  }

  async record(event: AuditEvent, entry: AuditEntry = {}, manager?: EntityManager): Promise<void> {
    await this.rows.insert(this.row(event, entry), manager);
  }

  /**
   * Records an event anyone on the network can cause (a rejected API key) at most `total` times per
   * hour, and `perAddress` times per hour from one address, so a flood cannot grow the log without
   * limit. Returns whether it was recorded.
   */
  recordBounded(event: AuditEvent, entry: AuditEntry, limits: { total: number; perAddress: number }): Promise<boolean> {
    const row = this.row(event, entry);
    const bound: AuditBound = { since: new Date(row.at.getTime() - 3600_000), ...limits };
    return this.rows.insertBounded(row, bound);
  }

  count(filter: AuditFilter): Promise<number> {
    return this.rows.count(filter);
  }

  /** One page of the filtered log, newest first. */
  page(filter: AuditFilter, page: number, size: number): Promise<AuditLogEntry[]> {
    return this.rows.list(filter, { offset: (page - 1) * size }, size);
  }

  /** The whole filtered log in keyset batches, so any size fits in little memory. */
  async *batches(filter: AuditFilter, size = 1000): AsyncGenerator<AuditLogEntry[]> {
    let after: AuditLogEntry | undefined;
    for (;;) {
      const batch = await this.rows.list(filter, { after }, size);
      yield batch;
      if (batch.length < size) return;
      after = batch[batch.length - 1];
    }
  }

  /** The filtered log for a download; the export itself is audited first (`by` names who and the filter). */
  async *exportBatches(filter: AuditFilter, by: AuditEntry): AsyncGenerator<AuditLogEntry[]> {
    await this.record('audit.exported', by);
    yield* this.batches(filter);
  }
}
