import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DEFAULT_LANGUAGE, isLanguage, Language } from '@app/platform';
import { Category, Qualification, Relationship } from './categories';

@Entity({ name: 'app_user' })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** 利用者ID: what the user types to log in (issued by us, or kept from the legacy system). */
  @Column({ type: 'text' })
  loginId!: string;

  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text' })
  category!: Category;

  /** 氏名（英字）; null only for legacy institution staff registered before 2026-01-05. */
  @Column({ type: 'text', nullable: true })
  nameEn!: string | null;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'text', select: false })
  passwordHash!: string;

  /** The language of the user's e-mails (their last choice on the portal). */
  @Column({ type: 'text', default: 'ja' })
  lng!: string;

  @Column({ type: 'text', nullable: true })
  organizationName!: string | null;

  @Column({ type: 'text', nullable: true })
  qualification!: Qualification | null;

  @Column({ type: 'text', nullable: true })
  associationName!: string | null;

  @Column({ type: 'text', nullable: true })
  registrationNumber!: string | null;

  @Column({ type: 'text', nullable: true })
  relationship!: Relationship | null;

  @Column({ type: 'text', nullable: true })
  gender!: string | null;

  @Column({ type: 'date', nullable: true })
  dateOfBirth!: string | null;

  @Column({ type: 'text', nullable: true })
  postalCode!: string | null;

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  /** When an officer approved this user for online applications (利用申出). */
  @Column({ type: 'timestamptz', nullable: true })
  approvedAt!: Date | null;

  @Column({ type: 'boolean', default: false })
  legacy!: boolean;

  @Column({ type: 'int', default: 0 })
  failedLogins!: number;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;

  @Column({ type: 'timestamptz' })
  passwordChangedAt!: Date;

  /** Bumped by a password change or reset, an e-mail change and a lock: logins made before end. */
  @Column({ type: 'int', default: 0 })
  credentialsVersion!: number;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** The language the user's e-mails are written in: their profile's choice, Japanese if it is unknown. */
export const mailLanguageOf = (user: Pick<User, 'lng'>): Language =>
  isLanguage(user.lng) ? user.lng : DEFAULT_LANGUAGE;
