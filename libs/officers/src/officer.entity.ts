import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An officer of the agency, who signs in to the office console (SPEC §6). Created by `officer:create`. */
@Entity({ name: 'officer' })
export class Officer {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** What the officer types to log in; unique whatever the case (index on upper(login_id)). */
  @Column({ type: 'text' })
  loginId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', select: false })
  passwordHash!: string;

  /** True while the password is the one-time password printed by the CLI. */
  @Column({ type: 'boolean', default: true })
  mustChangePassword!: boolean;

  /**
   * The Base32 TOTP secret sealed (SecretCipher, bound to this row), set once the officer has confirmed a
   * code from the authenticator. Only OfficersRepository seals and opens it.
   */
  @Column({ type: 'text', nullable: true, select: false })
  totpSecret!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  totpEnabledAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  failedLogins!: number;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;

  /** Bumped by a password change, a lock and disabling: logins made before end. */
  @Column({ type: 'int', default: 0 })
  credentialsVersion!: number;

  /** The 30-second TOTP step of the last accepted code: that code and older ones are refused. */
  @Column({ type: 'int', nullable: true })
  totpLastStep!: number | null;

  /** Set by `officer:disable`: the officer can no longer log in. */
  @Column({ type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
