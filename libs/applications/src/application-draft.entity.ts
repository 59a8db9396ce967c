import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DraftData } from './application.forms';
import type { Answers } from './eligibility';

/** What a draft holds: the eligibility answers given before the form, and the form as typed so far. */
export interface DraftContent {
  eligibility: Answers;
  fields: DraftData;
}

/** 一時保存: an application being written, partial and unvalidated; purged after 30 days untouched. */
@Entity({ name: 'application_draft' })
export class ApplicationDraft {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  filerId!: string;

  @Column({ type: 'text' })
  procedureCode!: string;

  @Column({ type: 'jsonb' })
  data!: DraftContent;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
