import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { queryRows } from '@app/platform';
import { EntityManager, Repository } from 'typeorm';
import { Coe } from './coe.entity';
import { awaitingReceiptSql } from './receipt-state';
import { nextReminderAfterSql, reminderDueSql } from './reminders/reminder-policy';

/** What a new certificate row needs; the rest starts empty (not mailed, received, revoked or reminded). */
export type NewCoe = Omit<
  Coe,
  | 'id'
  | 'firstMailedAt'
  | 'receivedAt'
  | 'revokedAt'
  | 'revokedReason'
  | 'revokedBy'
  | 'remindersSent'
  | 'lastRemindedAt'
  | 'nextReminderAt'
  | 'documentSha256'
> &
  Partial<Coe>;

/** What a reminder mail shows of its certificate, and the reminder's number (see stepDueReminders). */
export type RemindedCoe = Pick<
  Coe,
  'id' | 'number' | 'recipientId' | 'issuedAt' | 'validUntil' | 'statusOfResidence' | 'verificationCode'
> & { reminderNumber: number };

type CoeChange = Partial<Omit<Coe, 'id' | 'number' | 'verificationCode' | 'recipientId'>>;

/**
 * What the mails of one dispatch batch need of their certificates: whether each still awaits receipt,
 * and its stored PDF. The bytes come once per distinct document (on the first row that has it), as
 * content-addressed certificates may share one.
 */
export interface CoeMailFacts {
  id: string;
  number: string;
  awaiting: boolean;
  documentSha256: string | null;
  bytes: Buffer | null;
}

/** Reads and writes of one certificate at a time on `coe`, and the per-recipient count in `coe_recipient`. */
@Injectable()
export class CoeRepository {
  constructor(@InjectRepository(Coe) private readonly repo: Repository<Coe>) {}

  private on(m?: EntityManager): Repository<Coe> {
    return m?.getRepository(Coe) ?? this.repo;
  }

  /**
   * Inserts a certificate, counts it for its recipient and gives it its place in the recipient's list, in
   * the caller's transaction (so the count and the places never drift from the rows; the receipt ledger
   * pages by them). The count's row lock orders concurrent issues to one recipient.
   */
  async insert(fields: NewCoe, m?: EntityManager): Promise<Coe> {
    if (!m) return this.repo.manager.transaction((t) => this.insert(fields, t));
    const [{ n }] = await m.query<{ n: number }[]>(
      `INSERT INTO coe_recipient (recipient_id, certificates) VALUES ($1, 1)
       ON CONFLICT (recipient_id) DO UPDATE SET certificates = coe_recipient.certificates + 1
       RETURNING certificates AS n`,
      [fields.recipientId],
    );
    const coe = await this.on(m).save(this.on(m).create({ ...fields, recipientSeq: n }));
    // Almost always the newest, so last; one issued at the same instant with a lower id (or by a clock
    // behind another's) makes room among the later ones, so the places follow the list's order exactly.
    await m.query(
      `WITH later AS (
         UPDATE coe SET recipient_seq = recipient_seq + 1
          WHERE recipient_id = $1 AND (issued_at, id) > (SELECT issued_at, id FROM coe WHERE id = $2)
         RETURNING 1)
       UPDATE coe SET recipient_seq = $3 - (SELECT count(*) FROM later) WHERE id = $2 AND EXISTS (SELECT 1 FROM later)`,
      [coe.recipientId, coe.id, n],
    );
    return coe;
  }

  /**
   * `n` certificates of one recipient in one statement (generate_series), counted for the recipient in the
   * same transaction; for seeding (test factories, benchmarks). Row g (1…n) is issued `spacingMs × (g − 1)`
   * before `fields.issuedAt` and numbered `<numberPrefix>-<start + g in hex, 0/1 written W/X, padded Z>`.
   */
  async insertSeries(
    m: EntityManager,
    recipientId: string,
    n: number,
    c: Omit<NewCoe, 'number' | 'verificationCode' | 'recipientId'>,
    numbering: { numberPrefix: string; start: number; spacingMs: number },
  ): Promise<void> {
    const [{ total }] = await m.query<{ total: number }[]>(
      `INSERT INTO coe_recipient (recipient_id, certificates) VALUES ($1, $2)
       ON CONFLICT (recipient_id) DO UPDATE SET certificates = coe_recipient.certificates + $2
       RETURNING certificates AS total`,
      [recipientId, n],
    );
    await m.query(
      `INSERT INTO coe (number, verification_code, recipient_id, holder_name_en, nationality, date_of_birth, gender,
         status_of_residence, issuing_office, issued_at, valid_until, issued_by, created_at, first_mailed_at,
         received_at, revoked_at, revoked_reason, revoked_by, reminders_sent, last_reminded_at, next_reminder_at,
         recipient_seq)
       SELECT $1 || '-' || translate(lpad(upper(to_hex($2::bigint + g)), 8, 'Z'), '01', 'WX'),
         replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''),
         $3, $4, $5, $6, $7, $8, $9, $10::timestamptz - (g - 1) * $11::bigint * interval '1 millisecond',
         $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $24::int - g + 1
       FROM generate_series(1, $23::int) g`,
      [
        numbering.numberPrefix,
        numbering.start,
        recipientId,
        c.holderNameEn,
        c.nationality,
        c.dateOfBirth,
        c.gender,
        c.statusOfResidence,
        c.issuingOffice,
        c.issuedAt,
        numbering.spacingMs,
        c.validUntil,
        c.issuedBy,
        c.createdAt,
        c.firstMailedAt ?? null,
        c.receivedAt ?? null,
        c.revokedAt ?? null,
        c.revokedReason ?? null,
        c.revokedBy ?? null,
        c.remindersSent ?? 0,
        c.lastRemindedAt ?? null,
        c.nextReminderAt ?? null,
        n,
        total,
      ],
    );
    // The places above assume the series is newer than what the recipient had and not tied within itself
    // (spacing 0); where that does not hold, number the recipient's list again in its order.
    await m.query(
      `UPDATE coe c SET recipient_seq = r.seq
         FROM (SELECT id, row_number() OVER (ORDER BY issued_at, id) AS seq FROM coe WHERE recipient_id = $1) r
        WHERE c.id = r.id AND c.recipient_seq <> r.seq`,
      [recipientId],
    );
  }

  findById(id: string): Promise<Coe | null> {
    return this.repo.findOneBy({ id });
  }

  /** One query for a whole dispatch batch (see CoeMailFacts); ids must be UUIDs. */
  mailFactsOf(ids: readonly string[]): Promise<CoeMailFacts[]> {
    if (!ids.length) return Promise.resolve([]);
    return queryRows<CoeMailFacts>(
      this.repo.manager,
      `SELECT c.id, c.number, ${awaitingReceiptSql('c')} AS awaiting, c.document_sha256 AS "documentSha256",
              CASE WHEN row_number() OVER (PARTITION BY c.document_sha256 ORDER BY c.id) = 1 THEN d.bytes END AS bytes
         FROM coe c LEFT JOIN coe_document d ON d.sha256 = c.document_sha256
        WHERE c.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  findByNumber(number: string, m?: EntityManager): Promise<Coe | null> {
    return this.on(m).findOneBy({ number });
  }

  findByVerificationCode(code: string): Promise<Coe | null> {
    return this.repo.findOneBy({ verificationCode: code });
  }

  /** The certificate if it is this recipient's (someone else's is as good as missing). */
  findOwn(recipientId: string, number: string): Promise<Coe | null> {
    return this.repo.findOneBy({ number, recipientId });
  }

  /** The certificate, row-locked until the transaction ends; with `recipientId`, only if it is theirs. */
  lock(m: EntityManager, number: string, recipientId?: string): Promise<Coe | null> {
    return this.on(m).findOne({
      where: recipientId ? { number, recipientId } : { number },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async update(m: EntityManager, id: string, change: CoeChange): Promise<void> {
    await this.on(m).update({ id }, change);
  }

  /** Records the first accepted mail once: a later call (a resend, another worker) changes nothing. */
  async markFirstMailed(id: string, firstMailedAt: Date, nextReminderAt: Date | null): Promise<void> {
    await this.repo
      .createQueryBuilder()
      .update(Coe)
      .set({ firstMailedAt, nextReminderAt })
      .where('id = :id AND first_mailed_at IS NULL', { id })
      .execute();
  }

  /**
   * Gives a certificate issued before PDFs were stored its document, once: if another worker got there
   * first, its (identical) document stays. Returns the document the certificate now points to.
   */
  async attachDocument(m: EntityManager, id: string, sha256: string): Promise<string> {
    await this.on(m)
      .createQueryBuilder()
      .update(Coe)
      .set({ documentSha256: sha256 })
      .where('id = :id AND document_sha256 IS NULL', { id })
      .execute();
    const row = await this.on(m).findOne({ where: { id }, select: { id: true, documentSha256: true } });
    return row?.documentSha256 ?? sha256;
  }

  /**
   * Takes up to `limit` certificates awaiting receipt whose next reminder is due and moves each one's
   * reminder state on in one statement: one reminder more, or none any more when it is past the window
   * (reminderDue/nextReminderAt, as SQL). Rows another sweep holds are skipped (FOR UPDATE SKIP LOCKED),
   * so several workers share the work; the rows stay locked until the caller's transaction ends, which
   * must queue the reminders returned (those with a reminder to send) or roll back.
   */
  async stepDueReminders(m: EntityManager, now: Date, limit: number): Promise<{ taken: number; due: RemindedCoe[] }> {
    const rows = await queryRows<RemindedCoe & { due: boolean }>(
      m,
      `UPDATE coe c SET
         reminders_sent = CASE WHEN s.due THEN c.reminders_sent + 1 ELSE c.reminders_sent END,
         last_reminded_at = CASE WHEN s.due THEN $1::timestamptz ELSE c.last_reminded_at END,
         next_reminder_at = CASE WHEN s.due THEN ${nextReminderAfterSql('c', '$1::timestamptz')} END
       FROM (SELECT d.id, ${reminderDueSql('d', '$1::timestamptz')} AS due FROM coe d
              WHERE d.next_reminder_at <= $1 AND ${awaitingReceiptSql('d')}
              ORDER BY d.next_reminder_at LIMIT $2 FOR UPDATE SKIP LOCKED) s
       WHERE c.id = s.id
       RETURNING c.id, c.number, c.recipient_id AS "recipientId", c.issued_at AS "issuedAt", c.valid_until AS "validUntil",
                 c.status_of_residence AS "statusOfResidence", c.verification_code AS "verificationCode",
                 c.reminders_sent AS "reminderNumber", s.due`,
      [now, limit],
    );
    return { taken: rows.length, due: rows.filter((r) => r.due).map(({ due: _, ...coe }) => coe) };
  }
}
