import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Role } from 'src/platform/security/principal';

export const USER_STATUSES = ['active', 'deactivated'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

@Entity({ name: 'users' })
@Index('uq_users_email', { synchronize: false })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stored lower-cased; unique case-insensitively through the expression index in the migration. */
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 100 })
  displayName!: string;

  @Column({ type: 'text' })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 16, default: 'user' })
  role!: Role;

  @Index('ix_users_status')
  @Column({ type: 'varchar', length: 16, default: 'active' })
  status!: UserStatus;

  @Column({ type: 'timestamptz', nullable: true })
  emailVerifiedAt!: Date | null;

  /** Consecutive failed logins since the last success or lockout. */
  @Column({ type: 'integer', default: 0 })
  failedLoginCount!: number;

  /** How many lockouts in a row; each one lasts twice as long as the one before. */
  @Column({ type: 'integer', default: 0 })
  lockoutLevel!: number;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  /**
   * The currency the user's totals are kept in (ISO 4217). Every expense stores the base
   * currency its base amount is in; changing this re-bases them in the same transaction.
   */
  @Column({ type: 'char', length: 3, default: 'EUR' })
  baseCurrency!: string;

  /** Marks the sample account that development start-up seeds. */
  @Column({ type: 'boolean', default: false })
  isDemo!: boolean;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
