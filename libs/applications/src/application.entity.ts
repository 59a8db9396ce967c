import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import type { Category } from '@app/accounts';
import type { ApplicationStatus, Decision } from './application-state';

/** 所属機関: what institution staff give of the organisation they file for. */
export interface OrganisationDetails {
  name: string;
  address: string;
  phone: string;
}

/** 代理人: the lawyer or legal representative filing, and their qualification or relationship. */
export interface RepresentativeDetails {
  name: string;
  role: string;
  phone: string;
}

/**
 * A submitted application (申請). The applicant's identity is in columns (the queue, the list and the
 * e-COE read them); the filer's organisation or representative details, shown only on the application
 * page, are jsonb (docs/applications.md).
 */
@Entity({ name: 'application' })
export class Application {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** 受付番号 (application-number.ts). */
  @Column({ type: 'text' })
  number!: string;

  @Column({ type: 'text' })
  procedureCode!: string;

  /** The procedure data's `version` the application was filed under. */
  @Column({ type: 'int' })
  procedureVersion!: number;

  @Column({ type: 'uuid' })
  filerId!: string;

  @Column({ type: 'text' })
  filerCategory!: Category;

  @Column({ type: 'text' })
  nameEn!: string;

  @Column({ type: 'char', length: 3 })
  nationality!: string;

  @Column({ type: 'date' })
  dateOfBirth!: string;

  @Column({ type: 'text' })
  sex!: 'male' | 'female';

  @Column({ type: 'text' })
  passportNumber!: string;

  @Column({ type: 'text', nullable: true })
  residenceCardNumber!: string | null;

  @Column({ type: 'text', nullable: true })
  addressInJapan!: string | null;

  @Column({ type: 'boolean' })
  inJapan!: boolean;

  @Column({ type: 'text' })
  wantedStatus!: string;

  @Column({ type: 'int' })
  wantedPeriodMonths!: number;

  @Column({ type: 'text' })
  reason!: string;

  /** Re-entry and extra activity: the procedure it is filed together with. */
  @Column({ type: 'text', nullable: true })
  filedWith!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  organisation!: OrganisationDetails | null;

  @Column({ type: 'jsonb', nullable: true })
  representative!: RepresentativeDetails | null;

  /** 管轄の地方出入国在留管理局 (offices.ts). */
  @Column({ type: 'text' })
  office!: string;

  @Column({ type: 'text' })
  status!: ApplicationStatus;

  @Column({ type: 'text', nullable: true })
  decision!: Decision | null;

  @Column({ type: 'text', nullable: true })
  decisionReason!: string | null;

  /** officer.id of the officer examining it. */
  @Column({ type: 'uuid', nullable: true })
  assignedOfficer!: string | null;

  /** The e-COE issued on approval of a COE application (the way back: look up by coe_id). */
  @Column({ type: 'uuid', nullable: true })
  coeId!: string | null;

  @Column({ type: 'timestamptz' })
  submittedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  /** When the retention job deleted a withdrawn application's documents (its events stay). */
  @Column({ type: 'timestamptz', nullable: true })
  documentsPurgedAt!: Date | null;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;

  /** Row version: every change adds one (the API's ETag-like check; the lock is what orders changes). */
  @VersionColumn({ type: 'int' })
  version!: number;
}

export type NewApplication = Omit<
  Application,
  | 'id'
  | 'version'
  | 'decision'
  | 'decisionReason'
  | 'assignedOfficer'
  | 'coeId'
  | 'decidedAt'
  | 'withdrawnAt'
  | 'documentsPurgedAt'
> &
  Partial<Application>;
