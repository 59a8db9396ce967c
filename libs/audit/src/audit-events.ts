import type { AuditEvent } from './audit.service';

// A record rather than an array so the compiler refuses a name missing here or not in AuditEvent.
const EVERY_EVENT: Record<AuditEvent, true> = {
  'registration.email_requested': true,
  'registration.completed': true,
  'login.succeeded': true,
  'login.failed': true,
  'login.throttled': true,
  'account.locked': true,
  'account.unlocked': true,
  logout: true,
  'session.expired': true,
  'session.revoked': true,
  'recovery.user_id_requested': true,
  'recovery.password_reset_requested': true,
  'password.reset': true,
  'legacy.imported': true,
  'account.approved': true,
  'email.change_requested': true,
  'email.changed': true,
  'password.changed': true,
  'profile.changed': true,
  'officer.created': true,
  'officer.login_succeeded': true,
  'officer.login_failed': true,
  'officer.locked': true,
  'officer.password_changed': true,
  'officer.totp_enrolled': true,
  'officer.session_expired': true,
  'officer.logout': true,
  'officer.session_revoked': true,
  'officer.unlocked': true,
  'officer.disabled': true,
  'user.viewed': true,
  'coe.viewed': true,
  'coe.ledger_exported': true,
  'api.key_rejected': true,
  'audit.exported': true,
  'coe.issued': true,
  'coe.received': true,
  'coe.revoked': true,
  'apikey.created': true,
  'apikey.revoked': true,
  'announcement.created': true,
  'announcement.updated': true,
};

/** The vocabulary of AuditEvent at run time, for the audit-log page's event filter. */
export const AUDIT_EVENTS = Object.keys(EVERY_EVENT) as AuditEvent[];

export const isAuditEvent = (s: string): s is AuditEvent => Object.hasOwn(EVERY_EVENT, s);
