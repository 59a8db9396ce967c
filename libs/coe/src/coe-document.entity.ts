import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A certificate's PDF as it was made, kept by its SHA-256 so every mail attaches the same bytes and a
 * later change (revocation, re-issue) can only add a document, never alter one (a trigger refuses updates).
 */
@Entity({ name: 'coe_document' })
export class CoeDocument {
  @PrimaryColumn({ type: 'text' })
  sha256!: string;

  @Column({ type: 'bytea' })
  bytes!: Buffer;

  @Column({ type: 'int' })
  size!: number;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}
