import { Injectable } from '@nestjs/common';
import { queryRows } from '@app/platform';
import { DataSource, EntityManager } from 'typeorm';
import { AttachmentRef } from './mail-extensions';
import { MailSecrets } from './mail-secrets';
import { MailPriority, OutboxStatus } from './outbox.entity';

/** What the outbox keeps of a mail to send (rendered already). */
export interface NewOutboxMail {
  dedupeKey: string | null;
  to: string;
  template: string;
  lng: string;
  subject: string;
  text: string;
  html: string;
  topic: string | null;
  attachments: AttachmentRef[];
  secrets: MailSecrets | null;
  priority: MailPriority;
  now: Date;
}

/**
 * Many mails from one template, rendered once per language with slots (see BatchRenderer): the database
 * fills each mail's slots from its `values`, keyed by token.
 */
export interface NewOutboxBatch {
  template: string;
  layouts: { lng: string; subject: string; text: string; html: string }[];
  tokens: string[];
  mails: {
    dedupeKey: string | null;
    to: string;
    lng: string;
    topic: string | null;
    attachments: AttachmentRef[];
    values: Record<string, string>;
  }[];
  now: Date;
  priority: MailPriority;
}

export interface ClaimedMail {
  id: string;
  toAddress: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  attempts: number;
  template: string;
  topic: string | null;
  attachments: AttachmentRef[];
  secrets: MailSecrets | null;
  /** The lease this claim holds: only its holder may record the result. */
  lockedUntil: Date;
}

/** One line of a topic's mail history (e.g. the officer's view of everything sent about one thing). */
export interface OutboxHistoryEntry {
  template: string;
  toAddress: string;
  status: OutboxStatus;
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
  lastError: string | null;
  nextAttemptAt: Date;
}

/** Stored as a smallint so the claim can order by it; lower is sent first. */
const PRIORITY_RANK: Record<MailPriority, number> = { normal: 0, bulk: 1 };

/** Every statement on `mail_outbox`, the table the mail library owns. */
@Injectable()
export class OutboxRepository {
  constructor(private readonly db: DataSource) {}

  /** Returns false when a mail with the same dedupe key is already there. */
  async insert(mail: NewOutboxMail, m: EntityManager = this.db.manager): Promise<boolean> {
    const rows = await queryRows(
      m,
      `INSERT INTO mail_outbox
         (dedupe_key, to_address, template, lng, subject, text_body, html_body, next_attempt_at, created_at,
          topic, attachments, secrets, priority)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11, $12)
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [
        mail.dedupeKey,
        mail.to,
        mail.template,
        mail.lng,
        mail.subject,
        mail.text,
        mail.html,
        mail.now,
        mail.topic,
        JSON.stringify(mail.attachments),
        mail.secrets && JSON.stringify(mail.secrets),
        PRIORITY_RANK[mail.priority],
      ],
    );
    return rows.length === 1;
  }

  /** Inserts a batch in one statement, skipping mails whose dedupe key is there already; returns how many went in. */
  async insertMany(batch: NewOutboxBatch, m: EntityManager = this.db.manager): Promise<number> {
    if (!batch.mails.length) return 0;
    // Only the slots some language has in that part: each replace() copies the whole text.
    const fill = (column: string, part: 'subject' | 'text' | 'html') =>
      batch.tokens.reduce(
        (sql, token, i) =>
          batch.layouts.some((l) => l[part].includes(token))
            ? `replace(${sql}, ($5::text[])[${i + 1}], coalesce(r.v ->> ($5::text[])[${i + 1}], ''))`
            : sql,
        column,
      );
    const [row] = await queryRows<{ n: number }>(
      m,
      `WITH inserted AS (
         INSERT INTO mail_outbox
           (dedupe_key, to_address, template, lng, subject, text_body, html_body, next_attempt_at, created_at,
            topic, attachments, priority)
         SELECT r.dedupe_key, r.to_address, $1, r.lng, ${fill('l.subject', 'subject')}, ${fill('l.text_body', 'text')},
                ${fill('l.html_body', 'html')}, $2, $2, r.topic, r.attachments, $6
           FROM ROWS FROM (jsonb_to_recordset($3::jsonb)
                  AS (dedupe_key text, to_address text, lng text, topic text, attachments jsonb, v jsonb))
                  WITH ORDINALITY AS r (dedupe_key, to_address, lng, topic, attachments, v, ord)
           JOIN jsonb_to_recordset($4::jsonb) AS l (lng text, subject text, text_body text, html_body text)
             ON l.lng = r.lng
          ORDER BY r.ord
         ON CONFLICT (dedupe_key) DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS n FROM inserted`,
      [
        batch.template,
        batch.now,
        JSON.stringify(
          batch.mails.map((mail) => ({
            dedupe_key: mail.dedupeKey,
            to_address: mail.to,
            lng: mail.lng,
            topic: mail.topic,
            attachments: mail.attachments,
            v: mail.values,
          })),
        ),
        JSON.stringify(
          batch.layouts.map((l) => ({ lng: l.lng, subject: l.subject, text_body: l.text, html_body: l.html })),
        ),
        batch.tokens,
        PRIORITY_RANK[batch.priority],
      ],
    );
    return row.n;
  }

  /** Cancels the mails of `topic` made from `template` that are still waiting; returns how many. */
  async cancelPending(topic: string, template: string, m: EntityManager = this.db.manager): Promise<number> {
    const rows = await queryRows(
      m,
      `UPDATE mail_outbox SET status = 'cancelled', secrets = NULL WHERE topic = $1 AND template = $2 AND status = 'pending'
       RETURNING id`,
      [topic, template],
    );
    return rows.length;
  }

  history(topic: string): Promise<OutboxHistoryEntry[]> {
    return queryRows<OutboxHistoryEntry>(
      this.db,
      `SELECT template, to_address AS "toAddress", status, attempts, created_at AS "createdAt", sent_at AS "sentAt",
              last_error AS "lastError", next_attempt_at AS "nextAttemptAt"
         FROM mail_outbox WHERE topic = $1 ORDER BY created_at, id`,
      [topic],
    );
  }

  /**
   * Empties the text of up to `limit` mails sent at or before `cutoff`. The row stays for the topic's
   * history; mails not sent (waiting, failed, cancelled) are never touched.
   */
  async emptySentBodies(cutoff: Date, limit: number): Promise<number> {
    const rows = await queryRows(
      this.db,
      `UPDATE mail_outbox SET text_body = NULL, html_body = NULL
        WHERE id IN (
          SELECT id FROM mail_outbox WHERE status = 'sent' AND text_body IS NOT NULL AND sent_at <= $1
          ORDER BY sent_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [cutoff, limit],
    );
    return rows.length;
  }

  /** When the mail that has been due the longest became due, or null when none is due. */
  async oldestDueAt(now: Date): Promise<Date | null> {
    const [row] = await queryRows<{ oldest: Date | null }>(
      this.db,
      `SELECT min(next_attempt_at) AS oldest FROM mail_outbox
        WHERE status IN ('pending', 'sending') AND next_attempt_at <= $1`,
      [now],
    );
    return row?.oldest ?? null;
  }

  /**
   * Claims up to `limit` due mails for `leaseUntil` (a lapsed lease of a dead worker counts as due),
   * normal mails before bulk ones, oldest first within each (mail_outbox_claim_idx).
   */
  claim(now: Date, leaseUntil: Date, limit: number): Promise<ClaimedMail[]> {
    return queryRows<ClaimedMail>(
      this.db,
      `UPDATE mail_outbox SET status = 'sending', locked_until = $2, attempts = attempts + 1
       WHERE id IN (
         SELECT id FROM mail_outbox
         WHERE next_attempt_at <= $1
           AND (status = 'pending' OR (status = 'sending' AND locked_until <= $1))
         ORDER BY priority, next_attempt_at, id
         LIMIT $3
         FOR UPDATE SKIP LOCKED)
       RETURNING id, to_address AS "toAddress", subject, text_body AS "textBody", html_body AS "htmlBody", attempts,
                 template, topic, attachments, secrets, locked_until AS "lockedUntil"`,
      [now, leaseUntil, limit],
    );
  }

  // Only the holder of the claim may record the result: every update below requires the row to be
  // 'sending' under the lease this claim set, so a result recorded late (after a database outage) never
  // overwrites the claim of a worker that took the row over when the lease ran out. A mail that will
  // not be tried again loses its secrets in the same statement.

  async markCancelled(mail: ClaimedMail): Promise<void> {
    await this.db.query(
      `UPDATE mail_outbox SET status = 'cancelled', locked_until = NULL, secrets = NULL
       WHERE id = $1 AND status = 'sending' AND locked_until = $2`,
      [mail.id, mail.lockedUntil],
    );
  }

  /** Marks mails sent, several in one statement (each under its own claim's lease). */
  async markSent(sent: readonly { mail: ClaimedMail; sentAt: Date; messageId: string }[]): Promise<void> {
    await this.db.query(
      `UPDATE mail_outbox o SET status = 'sent', sent_at = v.sent_at, message_id = v.message_id, locked_until = NULL,
              last_error = NULL, secrets = NULL
         FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[], $4::text[])
              AS v (id, locked_until, sent_at, message_id)
       WHERE o.id = v.id AND o.status = 'sending' AND o.locked_until = v.locked_until`,
      [
        sent.map((s) => s.mail.id),
        sent.map((s) => s.mail.lockedUntil),
        sent.map((s) => s.sentAt),
        sent.map((s) => s.messageId),
      ],
    );
  }

  /** A failed attempt: due again at `nextAttemptAt`, or given up for good. */
  async markFailed(mail: ClaimedMail, giveUp: boolean, nextAttemptAt: Date, error: string): Promise<void> {
    await this.db.query(
      `UPDATE mail_outbox SET status = $3, next_attempt_at = $4, locked_until = NULL, last_error = $5,
              secrets = CASE WHEN $3 = 'failed' THEN NULL ELSE secrets END
       WHERE id = $1 AND status = 'sending' AND locked_until = $2`,
      [mail.id, mail.lockedUntil, giveUp ? 'failed' : 'pending', nextAttemptAt, error.slice(0, 1000)],
    );
  }

  /** Gives a claimed mail back untried: due again at once, and the claim's attempt not counted. */
  async release(mail: ClaimedMail): Promise<void> {
    await this.db.query(
      `UPDATE mail_outbox SET status = 'pending', locked_until = NULL, attempts = attempts - 1
       WHERE id = $1 AND status = 'sending' AND locked_until = $2`,
      [mail.id, mail.lockedUntil],
    );
  }
}
