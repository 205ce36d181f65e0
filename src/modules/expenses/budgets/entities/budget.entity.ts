import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { User } from 'src/modules/auth/users/entities/user.entity';
import { ExpenseCategory } from 'src/modules/expenses/categories/entities/expense-category.entity';
import { ROLLOVER_MODES, RolloverMode } from 'src/modules/expenses/budgets/budget.types';

/**
 * A monthly budget of a user: over one category (a top-level category counts its
 * sub-categories' expenses too) or, with no category, over everything. The amount applies to
 * every month from the start month to the end month (inclusive, or open-ended), in the user's
 * base currency. Months are stored as the date of their first day.
 */
@Entity({ name: 'budgets' })
@Index(['userId', 'createdAt', 'id'])
@Index(['userId', 'startMonth'])
@Check('ck_budgets_amount_positive', '"amount" > 0')
@Check('ck_budgets_rollover', `"rollover" IN (${ROLLOVER_MODES.map((m) => `'${m}'`).join(', ')})`)
@Check('ck_budgets_start_month', `EXTRACT(DAY FROM "start_month") = 1`)
@Check(
  'ck_budgets_end_month',
  `"end_month" IS NULL OR (EXTRACT(DAY FROM "end_month") = 1 AND "end_month" >= "start_month")`,
)
export class Budget {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Covered by the (user_id, …) indexes, which start with it. */
  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  user?: User;

  /** Null: an overall budget. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  categoryId!: string | null;

  @ManyToOne(() => ExpenseCategory, { onDelete: 'RESTRICT' })
  category?: ExpenseCategory | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  name!: string | null;

  /** Unbounded like a base amount: a re-based amount can have more integer digits. */
  @Column({ type: 'numeric' })
  amount!: string;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ type: 'varchar', length: 16 })
  rollover!: RolloverMode;

  @Column({ type: 'date' })
  startMonth!: string;

  @Column({ type: 'date', nullable: true })
  endMonth!: string | null;

  /** Optimistic concurrency: every change adds one, and the API's ETag is `W/"<version>"`. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
