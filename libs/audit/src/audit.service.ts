import { Injectable } from '@nestjs/common';
import { Clock } from '@app/platform';
import { EntityManager } from 'typeorm';
import { AuditRepository } from './audit.repository';

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
  | 'officer.logout'
  | 'coe.issued'
  | 'coe.received'
  | 'coe.revoked'
  | 'apikey.created'
  | 'apikey.revoked'
  | 'announcement.created'
  | 'announcement.updated';

export interface AuditEntry {
  /** Who acted: a login ID, `officer:<id>`, `cli` or `system`. */
  actor?: string;
  /** The account concerned (app_user.id). */
  userId?: string;
  ip?: string;
  details?: Record<string, unknown>;
}

/** Append-only audit log. Pass the transaction's manager so the entry commits with the change. */
@Injectable()
export class AuditService {
  constructor(
    private readonly rows: AuditRepository,
    private readonly clock: Clock,
  ) {}

  async record(event: AuditEvent, entry: AuditEntry = {}, manager?: EntityManager): Promise<void> {
    await this.rows.insert(
      {
        at: this.clock.now(),
        event,
        actor: entry.actor ?? null,
        userId: entry.userId ?? null,
        ip: entry.ip ?? null,
        details: entry.details ?? {},
      },
      manager,
    );
  }
}
