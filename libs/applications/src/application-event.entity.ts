import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ActorKind, ApplicationStatus, Decision } from './application-state';

export const EVENT_TYPES = ['submitted', 'documents_added', 'status_changed', 'receipt_registered'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** One step of an application's history; `id` is the cursor of `GET /api/v1/events?after=`. */
@Entity({ name: 'application_event' })
export class ApplicationEvent {
  /** bigserial: read as a string, as pg gives it (JavaScript numbers end at 2^53). */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid' })
  applicationId!: string;

  @Column({ type: 'text' })
  type!: EventType;

  @Column({ type: 'text', nullable: true })
  fromStatus!: ApplicationStatus | null;

  @Column({ type: 'text', nullable: true })
  toStatus!: ApplicationStatus | null;

  @Column({ type: 'text', nullable: true })
  decision!: Decision | null;

  @Column({ type: 'text' })
  actorKind!: ActorKind;

  /** app_user.id (filer), officer.id, the API key's id; null for the system. */
  @Column({ type: 'text', nullable: true })
  actorId!: string | null;

  /** The officer's request, the filer's note, or the denial reason. */
  @Column({ type: 'text', nullable: true })
  message!: string | null;

  /** requestDocuments: the answer's deadline (YYYY-MM-DD). */
  @Column({ type: 'date', nullable: true })
  deadline!: string | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}

export type NewApplicationEvent = Omit<
  ApplicationEvent,
  'id' | 'fromStatus' | 'toStatus' | 'decision' | 'actorId' | 'message' | 'deadline'
> &
  Partial<ApplicationEvent>;
