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
import {
  MAX_COUNT,
  MAX_INTERVAL,
  RECURRENCE_UNITS,
  RecurrenceUnit,
} from 'src/modules/expenses/recurring/recurrence';

/**
 * A rule that creates an expense on every occurrence of a schedule: the expense as a template
 * (amount, currency, category, payee, note, tags, vehicle) and the recurrence the engine in
 * recurrence.ts reads. The job materialises occurrences up to `materialisedThrough` and keeps
 * `nextOccurrenceOn` (null once the rule has ended) so that finding due rules is one range scan
 * of `ix_recurring_expenses_due` (in the migration: partial, active rules only).
 */
@Entity({ name: 'recurring_expenses' })
@Index(['userId', 'createdAt', 'id'])
@Index(['userId', 'active', 'createdAt', 'id'])
@Index('ix_recurring_expenses_due', { synchronize: false })
@Check('ck_recurring_expenses_amount_positive', '"amount" > 0')
@Check(
  'ck_recurring_expenses_unit',
  `"unit" IN (${RECURRENCE_UNITS.map((u) => `'${u}'`).join(', ')})`,
)
@Check('ck_recurring_expenses_interval', `"interval_count" BETWEEN 1 AND ${MAX_INTERVAL}`)
@Check(
  'ck_recurring_expenses_day_of_month',
  `"day_of_month" IS NULL OR ("unit" = 'month' AND "day_of_month" BETWEEN 1 AND 31)`,
)
@Check(
  'ck_recurring_expenses_end',
  `"end_date" IS NULL OR ("occurrence_limit" IS NULL AND "end_date" >= "start_date")`,
)
@Check(
  'ck_recurring_expenses_occurrence_limit',
  `"occurrence_limit" IS NULL OR "occurrence_limit" BETWEEN 1 AND ${MAX_COUNT}`,
)
export class RecurringExpense {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Covered by the (user_id, …) indexes, which start with it. */
  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  user?: User;

  @Index()
  @Column({ type: 'uuid' })
  categoryId!: string;

  @ManyToOne(() => ExpenseCategory, { onDelete: 'RESTRICT' })
  category?: ExpenseCategory;

  /** As on expenses: twelve integer digits and the largest minor unit in ISO 4217. */
  @Column({ type: 'numeric', precision: 16, scale: 4 })
  amount!: string;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  payee!: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  note!: string | null;

  /** Normalised as on expenses. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  /** A vehicle of the user's garage; the vehicles module adds the foreign key. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  vehicleId!: string | null;

  @Column({ type: 'varchar', length: 8 })
  unit!: RecurrenceUnit;

  /** Every `intervalCount` units (`interval` in the API: a keyword in SQL). */
  @Column({ type: 'integer' })
  intervalCount!: number;

  /** Monthly rules only; null: the start date's day. */
  @Column({ type: 'smallint', nullable: true })
  dayOfMonth!: number | null;

  @Column({ type: 'date' })
  startDate!: string;

  /** Inclusive; never together with a limit. */
  @Column({ type: 'date', nullable: true })
  endDate!: string | null;

  /** How many occurrences the schedule has (`count` in the API), counted from its start. */
  @Column({ type: 'integer', nullable: true })
  occurrenceLimit!: number | null;

  /** False while paused: nothing is materialised. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** Every occurrence on or before this day has been dealt with; null: none yet. */
  @Column({ type: 'date', nullable: true })
  materialisedThrough!: string | null;

  /** The first occurrence after `materialisedThrough`; null when the schedule has ended. */
  @Column({ type: 'date', nullable: true })
  nextOccurrenceOn!: string | null;

  /** Optimistic concurrency for changes by the user (ETag `W/"<version>"`); the job keeps it. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
