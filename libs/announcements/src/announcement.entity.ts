import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Texts per language code; Japanese is always present (the database enforces it). */
export type LocalizedText = Partial<Record<string, string>> & { ja: string };

@Entity()
export class Announcement {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'jsonb' })
  title!: LocalizedText;

  @Column({ type: 'jsonb' })
  body!: LocalizedText;

  @Column({ type: 'timestamptz' })
  publishFrom!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  publishUntil!: Date | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
