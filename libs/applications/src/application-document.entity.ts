import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DocumentKind } from '@app/storage';

/** A document's metadata; the bytes are in DocumentStorage under `storageKey`. Belongs to a draft or an application. */
@Entity({ name: 'application_document' })
export class ApplicationDocument {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', nullable: true })
  draftId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  applicationId!: string | null;

  /** The checklist item's id, or `other`. */
  @Column({ type: 'text' })
  item!: string;

  @Column({ type: 'text' })
  storageKey!: string;

  @Column({ type: 'text' })
  sha256!: string;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  size!: number;

  @Column({ type: 'text' })
  kind!: DocumentKind;

  @Column({ type: 'text' })
  originalName!: string;

  /** app_user.id of the filer who uploaded it. */
  @Column({ type: 'uuid' })
  uploadedBy!: string;

  @Column({ type: 'timestamptz' })
  uploadedAt!: Date;

  /** The documents_requested event this document answers. */
  @Column({ type: 'bigint', nullable: true })
  requestEventId!: string | null;
}

/** What libs/storage's receiveUpload gives back for one stored file. */
export interface StoredUpload {
  key: string;
  sha256: string;
  size: number;
  kind: DocumentKind;
  originalName: string;
}

/** A document row's fields from what receiveUpload stored, filed as `item` by `uploadedBy` at `at`. */
export const uploadedDocument = (item: string, file: StoredUpload, uploadedBy: string, at: Date) => ({
  item,
  storageKey: file.key,
  sha256: file.sha256,
  size: file.size,
  kind: file.kind,
  originalName: file.originalName,
  uploadedBy,
  uploadedAt: at,
});
