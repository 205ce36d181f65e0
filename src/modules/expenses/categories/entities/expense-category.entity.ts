import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { User } from 'src/modules/auth/users/entities/user.entity';

/**
 * A user's expense category: top-level (no parent) or a sub-category of one of the user's
 * top-level categories. Categories are archived, never deleted, so history keeps its labels.
 *
 * `uq_expense_categories_user_parent_name` (in the migration: an expression index on
 * user_id, the parent or a zero uuid, and lower(name)) keeps names unique per user and parent
 * whatever their case, and also serves as the index of the user_id foreign key.
 */
@Entity({ name: 'expense_categories' })
@Index('uq_expense_categories_user_parent_name', { synchronize: false })
export class ExpenseCategory {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  user?: User;

  @Index('ix_expense_categories_parent_id')
  @Column({ type: 'uuid', nullable: true })
  parentId!: string | null;

  @ManyToOne(() => ExpenseCategory, { onDelete: 'RESTRICT' })
  parent?: ExpenseCategory | null;

  @Column({ type: 'varchar', length: 60 })
  name!: string;

  /** Which built-in default this is (`groceries`), null for the user's own categories. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  defaultKey!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
