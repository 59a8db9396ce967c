import { Inject, Injectable } from '@nestjs/common';
import { mailLanguageOf, User, UsersService } from '@app/accounts';
import { AuditService } from '@app/audit';
import { MailService } from '@app/mail';
import { APP_CONFIG, AppConfig, Clock, DomainError, isUniqueViolation } from '@app/platform';
import { DataSource, EntityManager } from 'typeorm';
import { addCalendarMonthsJst } from './calendar';
import { generateCoeNumber, generateVerificationCode } from './coe-number';
import { coeTopic } from './coe-topic';
import { reminderKey } from './reminders/reminder-policy';
import { CoeDocumentRepository } from './coe-document.repository';
import { Coe, CoeParticulars } from './coe.entity';
import { IssueCoeInput } from './coe.forms';
import { CoeRepository, NewCoe, RemindedCoe } from './coe.repository';
import { nationalityName } from './nationalities';
import type * as CoePdf from './pdf/coe-pdf';
import { receiptState } from './receipt-state';
import { statusByCode } from './statuses';

/** What the issue mail and the reminders show of a certificate. */
type MailedCoe = Omit<RemindedCoe, 'reminderNumber'>;

export const COE_VALIDITY_MONTHS = 3;

export class RecipientUnknownError extends DomainError {
  constructor() {
    super('coe:validation.recipientUnknown', 422);
  }
}

/** The certificate could not be printed (a character the PDF font lacks, or too long for one page). */
export class CoeUnprintableError extends DomainError {
  constructor() {
    super('coe:validation.unprintable', 422);
  }
}

export class CoeNotFoundError extends DomainError {
  constructor() {
    super('errors.notFound.body', 404);
  }
}

/** Issuing, finding and revoking e-COEs; the mail with the PDF is queued in the same transaction. */
@Injectable()
export class CoeService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: CoeRepository,
    private readonly documents: CoeDocumentRepository,
    private readonly clock: Clock,
    private readonly users: UsersService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  receiptUrl(coe: Pick<Coe, 'number'>): string {
    return `${this.config.portalBaseUrl}/receipts?coe=${encodeURIComponent(coe.number)}`;
  }

  verifyUrl(coe: Pick<Coe, 'verificationCode'>): string {
    return `${this.config.portalBaseUrl}/verify/${coe.verificationCode}`;
  }

  /** Mails the certificate (issue mail or reminder) to its recipient, in their current language. */
  async queueCertificateMail(
    coe: Coe,
    recipient: User,
    template: 'coe/issued' | 'coe/reminder',
    m: EntityManager,
    extra: { dedupeKey?: string; reminderNumber?: number } = {},
  ): Promise<boolean> {
    return this.mail.enqueue(
      {
        to: recipient.email,
        template,
        lng: mailLanguageOf(recipient),
        topic: coeTopic(coe.id),
        dedupeKey: extra.dedupeKey,
        attachments: [{ kind: 'coe-pdf', id: coe.id }],
        priority: template === 'coe/reminder' ? 'bulk' : 'normal',
        data: this.mailData(coe, extra.reminderNumber),
      },
      m,
    );
  }

  /** What the issue mail and the reminders show of a certificate. */
  private mailData(coe: MailedCoe, reminderNumber?: number): Record<string, unknown> {
    return {
      number: coe.number,
      issuedAt: coe.issuedAt,
      validUntil: coe.validUntil,
      statusCode: coe.statusOfResidence,
      receiptUrl: this.receiptUrl(coe),
      verifyUrl: this.verifyUrl(coe),
      reminderNumber,
    };
  }

  /**
   * Queues reminder `reminderNumber` of each certificate in one statement, each under
   * the unique key (certificate, reminder number), to its recipient in their current language; the
   * text is the one queueCertificateMail gives. Returns how many were queued (a key already there is skipped).
   */
  async queueReminders(coes: RemindedCoe[], m: EntityManager): Promise<number> {
    if (!coes.length) return 0;
    const recipients = await this.users.mailRecipientsOf(
      coes.map((c) => c.recipientId),
      m,
    );
    const mails = coes.map((coe) => {
      const recipient = recipients.get(coe.recipientId);
      if (!recipient) throw new Error(`certificate ${coe.number} has no recipient ${coe.recipientId}`);
      const n = coe.reminderNumber;
      return {
        to: recipient.email,
        lng: recipient.lng,
        topic: coeTopic(coe.id),
        dedupeKey: reminderKey(coe.id, n),
        attachments: [{ kind: 'coe-pdf', id: coe.id }],
        values: this.mailData(coe, n),
      };
    });
    return this.mail.enqueueMany(
      { template: 'coe/reminder', priority: 'bulk', perMail: Object.keys(mails[0].values), mails },
      m,
    );
  }

  /** Issues a certificate to a registered user. Retries on the rare clash of a random number. */
  async issue(input: IssueCoeInput, issuedBy: string): Promise<Coe> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction((m) => this.issueIn(m, input, issuedBy));
      } catch (e) {
        if (!isUniqueViolation(e) || attempt >= 3) throw e;
      }
    }
  }

  /**
   * Issuing inside the caller's transaction (the API's idempotency record commits with it); `context`
   * adds to the audit entry what the caller knows (the API: the client address and the key's id).
   */
  async issueIn(
    m: EntityManager,
    input: IssueCoeInput,
    issuedBy: string,
    context: { ip?: string; details?: Record<string, unknown> } = {},
  ): Promise<Coe> {
    const recipient = await this.users.findByLoginId(input.recipientUserId, m);
    if (!recipient) throw new RecipientUnknownError();
    const now = this.clock.now();
    const coe: NewCoe = {
      number: generateCoeNumber(now),
      verificationCode: generateVerificationCode(),
      recipientId: recipient.id,
      holderNameEn: input.holderNameEn,
      nationality: input.nationality,
      dateOfBirth: input.dateOfBirth,
      gender: input.gender,
      statusOfResidence: input.statusOfResidence,
      issuingOffice: input.issuingOffice,
      issuedAt: now,
      validUntil: addCalendarMonthsJst(now, COE_VALIDITY_MONTHS),
      issuedBy,
      createdAt: now,
    };
    // The PDF is made once, here: a certificate that could not be printed is refused before anything is
    // saved, and every mail attaches the stored bytes instead of rendering them again.
    let pdf: Buffer;
    try {
      pdf = await this.pdfFor(coe);
    } catch (e) {
      if (e instanceof RangeError) throw new CoeUnprintableError();
      throw e;
    }
    const documentSha256 = await this.documents.store(pdf, now, m);
    const saved = await this.repo.insert({ ...coe, documentSha256 }, m);
    await this.queueCertificateMail(saved, recipient, 'coe/issued', m);
    await this.audit.record(
      'coe.issued',
      { actor: issuedBy, userId: recipient.id, ip: context.ip, details: { number: saved.number, ...context.details } },
      m,
    );
    return saved;
  }

  /** The e-COE as a PDF (Japanese and English, with the verification QR code). */
  async pdfFor(coe: CoeParticulars & Pick<Coe, 'verificationCode'>): Promise<Buffer> {
    const status = statusByCode(coe.statusOfResidence);
    // pdf-lib, fontkit and qrcode cost every app about a third of a second of CPU to load, and only
    // issuance makes a PDF: they are loaded by the first certificate, not at start-up (docs/decisions.md).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { renderCoePdf } = require('./pdf/coe-pdf') as typeof CoePdf;
    return renderCoePdf({
      number: coe.number,
      holderNameEn: coe.holderNameEn,
      nationality: {
        code: coe.nationality,
        nameJa: nationalityName(coe.nationality, 'ja'),
        nameEn: nationalityName(coe.nationality, 'en'),
      },
      dateOfBirth: coe.dateOfBirth,
      gender: coe.gender,
      statusOfResidence: {
        code: coe.statusOfResidence,
        ja: status?.ja ?? coe.statusOfResidence,
        en: status?.en ?? coe.statusOfResidence,
      },
      issuingOffice: coe.issuingOffice,
      issuedAt: coe.issuedAt,
      validUntil: coe.validUntil,
      verifyUrl: this.verifyUrl(coe),
    });
  }

  /**
   * The certificate's stored PDF. One issued before PDFs were stored gets its document now, made from the
   * same particulars, so it is the same file its earlier mails carried.
   */
  async documentOf(coe: Coe): Promise<Buffer> {
    if (coe.documentSha256) {
      const stored = await this.documents.bytesOf(coe.documentSha256);
      if (stored) return stored;
    }
    const pdf = await this.pdfFor(coe);
    const sha256 = await this.db.transaction(async (m) =>
      this.repo.attachDocument(m, coe.id, await this.documents.store(pdf, this.clock.now(), m)),
    );
    return (await this.documents.bytesOf(sha256)) ?? pdf;
  }

  findByNumber(number: string): Promise<Coe | null> {
    return this.repo.findByNumber(number);
  }

  findById(id: string): Promise<Coe | null> {
    return this.repo.findById(id);
  }

  findByVerificationCode(code: string): Promise<Coe | null> {
    return this.repo.findByVerificationCode(code);
  }

  /** The recipient's own certificate, or CoeNotFoundError (someone else's is "not found" too). */
  async findOwn(recipientId: string, number: string): Promise<Coe> {
    const coe = await this.repo.findOwn(recipientId, number);
    if (!coe) throw new CoeNotFoundError();
    return coe;
  }

  /** Reminders still waiting in the outbox are dropped once receipt is registered or the certificate revoked. */
  private cancelReminders(coe: Coe, m: EntityManager): Promise<number> {
    return this.mail.cancelPending(coeTopic(coe.id), 'coe/reminder', m);
  }

  /**
   * 受領登録する: records receipt once (a second time changes nothing) and drops any reminder still
   * waiting in the outbox. Returns the certificate as it now is.
   */
  async registerReceipt(recipientId: string, number: string, ip?: string): Promise<Coe> {
    return this.db.transaction(async (m) => {
      const coe = await this.repo.lock(m, number, recipientId);
      if (!coe) throw new CoeNotFoundError();
      const now = this.clock.now();
      // Decided on the locked row, so a crafted POST or an old confirmation page cannot register a revoked
      // or expired certificate either; the caller reads why from the row it gets back unchanged.
      if (receiptState(coe, now) !== 'unregistered') return coe;
      await this.repo.update(m, coe.id, { receivedAt: now, nextReminderAt: null });
      await this.cancelReminders(coe, m);
      await this.audit.record('coe.received', { userId: recipientId, ip, details: { number } }, m);
      return { ...coe, receivedAt: now, nextReminderAt: null };
    });
  }

  async revoke(number: string, reason: string, officer: string): Promise<Coe> {
    return this.db.transaction(async (m) => {
      const coe = await this.repo.lock(m, number);
      if (!coe) throw new CoeNotFoundError();
      if (coe.revokedAt) return coe;
      const now = this.clock.now();
      await this.repo.update(m, coe.id, {
        revokedAt: now,
        revokedReason: reason,
        revokedBy: officer,
        nextReminderAt: null,
      });
      await this.cancelReminders(coe, m);
      await this.audit.record(
        'coe.revoked',
        { actor: officer, userId: coe.recipientId, details: { number, reason } },
        m,
      );
      return { ...coe, revokedAt: now, revokedReason: reason, revokedBy: officer };
    });
  }
}
