import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';

/** `bulk` mails (e.g. reminders) wait behind every `normal` one that is due. */
export type MailPriority = 'normal' | 'bulk';

/**
 * One e-mail to send. Written in the same transaction as the state change that causes it; the
 * worker's dispatcher sends it. `dedupeKey` makes "queue this mail once" a database guarantee.
 */
@Entity({ name: 'mail_outbox' })
export class OutboxMail {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text', nullable: true, unique: true })
  dedupeKey!: string | null;

  @Column({ type: 'text' })
  toAddress!: string;

  @Column({ type: 'text' })
  template!: string;

  @Column({ type: 'text' })
  lng!: string;

  @Column({ type: 'text' })
  subject!: string;

  /** Null once the retention job has emptied an old sent mail (its history line stays). */
  @Column({ type: 'text', nullable: true })
  textBody!: string | null;

  @Column({ type: 'text', nullable: true })
  htmlBody!: string | null;

  /** One-time values for the slots of the text (see MailSecrets); null once the mail is sent or given up. */
  @Column({ type: 'jsonb', nullable: true })
  secrets!: Record<string, string> | null;

  @Column({ type: 'text', default: 'pending' })
  status!: OutboxStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz' })
  nextAttemptAt!: Date;

  /** 0 = normal, 1 = bulk: claimed in that order (see OutboxRepository.claim). */
  @Column({ type: 'smallint', default: 0 })
  priority!: number;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ type: 'text', nullable: true })
  messageId!: string | null;

  /** What the mail is about, named by the sending feature (`<feature>:<id>`), for history and cancelling. */
  @Column({ type: 'text', nullable: true })
  topic!: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  attachments!: { kind: string; id: string }[];

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
