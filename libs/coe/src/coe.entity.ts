import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An electronic Certificate of Eligibility (在留資格認定証明書) and its receipt and reminder state. */
@Entity({ name: 'coe' })
export class Coe {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** 在留資格認定証明書番号: unique and not guessable from another (see docs/decisions.md). */
  @Column({ type: 'text' })
  number!: string;

  /** The secret in the QR code of the PDF; opens the public verification page. */
  @Column({ type: 'text' })
  verificationCode!: string;

  @Column({ type: 'uuid' })
  recipientId!: string;

  @Column({ type: 'text' })
  holderNameEn!: string;

  @Column({ type: 'char', length: 3 })
  nationality!: string;

  @Column({ type: 'date' })
  dateOfBirth!: string;

  @Column({ type: 'text' })
  gender!: 'male' | 'female';

  @Column({ type: 'text' })
  statusOfResidence!: string;

  @Column({ type: 'text' })
  issuingOffice!: string;

  @Column({ type: 'timestamptz' })
  issuedAt!: Date;

  @Column({ type: 'timestamptz' })
  validUntil!: Date;

  @Column({ type: 'text' })
  issuedBy!: string;

  /** 受領登録依頼日時: when the certificate mail was first accepted by the mail server. */
  @Column({ type: 'timestamptz', nullable: true })
  firstMailedAt!: Date | null;

  /** 受領登録日時. */
  @Column({ type: 'timestamptz', nullable: true })
  receivedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  revokedReason!: string | null;

  @Column({ type: 'text', nullable: true })
  revokedBy!: string | null;

  @Column({ type: 'int', default: 0 })
  remindersSent!: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastRemindedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  nextReminderAt!: Date | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  /** The PDF as mailed (`coe_document`); null for a certificate issued before PDFs were stored. */
  @Column({ type: 'text', nullable: true })
  documentSha256!: string | null;

  /**
   * Place in the recipient's list, oldest = 1, in the list's order (issued_at, id); kept by
   * CoeRepository.insert so the receipt ledger pages by range. Not read with the row.
   */
  @Column({ type: 'int', select: false })
  recipientSeq?: number;
}

/** What a certificate states about its holder and itself (the PDF, the API and the ledgers show it). */
export type CoeParticulars = Pick<
  Coe,
  | 'number'
  | 'holderNameEn'
  | 'nationality'
  | 'dateOfBirth'
  | 'gender'
  | 'statusOfResidence'
  | 'issuingOffice'
  | 'issuedAt'
  | 'validUntil'
>;

/** Where a certificate stands since issue: mailed, received, revoked, reminded. */
export type CoeProgress = Pick<Coe, 'firstMailedAt' | 'receivedAt' | 'revokedAt' | 'remindersSent'>;
