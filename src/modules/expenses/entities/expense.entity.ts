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
import { FX_SOURCES, FxSource } from 'src/modules/expenses/base-amounts/base-conversion';

/**
 * One expense: the amount as paid (`amount`, `currency`) and the same amount in the user's base
 * currency with the rate that converted it, or — when no rate exists — no base amount and the
 * reason why. Every list filter and sort has an index (see the migration, which also holds the
 * hand-written ones: the per-user GIN indexes for tags and text search, and the partial index
 * of expenses still waiting for a rate). The summaries' covering index (user_id, spent_on)
 * INCLUDE (category_id, currency, base_currency, base_amount) is hand-written too.
 */
@Entity({ name: 'expenses' })
@Index(['userId', 'spentOn', 'id'])
@Index(['userId', 'createdAt', 'id'])
@Index(['userId', 'baseAmount', 'id'])
@Index(['userId', 'currency', 'spentOn', 'id'])
@Index(['categoryId', 'spentOn', 'id'])
@Index('ix_expenses_tag_keys', { synchronize: false })
@Index('ix_expenses_search_document', { synchronize: false })
@Index('ix_expenses_missing_base_amount', { synchronize: false })
@Index('ix_expenses_user_id_spent_on_summary', { synchronize: false })
@Check('ck_expenses_amount_positive', '"amount" > 0')
@Check(
  'ck_expenses_fx_state',
  `("base_amount" IS NOT NULL AND "fx_rate" IS NOT NULL AND "fx_rate_date" IS NOT NULL AND "fx_source" IS NOT NULL AND "fx_missing_reason" IS NULL)` +
    ` OR ("base_amount" IS NULL AND "fx_rate" IS NULL AND "fx_rate_date" IS NULL AND "fx_source" IS NULL AND "fx_missing_reason" IS NOT NULL)`,
)
@Check('ck_expenses_fx_source', `"fx_source" IN (${FX_SOURCES.map((s) => `'${s}'`).join(', ')})`)
export class Expense {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Covered by the (user_id, …) indexes, which all start with it. */
  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  user?: User;

  /** Covered by (category_id, spent_on, id). */
  @Column({ type: 'uuid' })
  categoryId!: string;

  @ManyToOne(() => ExpenseCategory, { onDelete: 'RESTRICT' })
  category?: ExpenseCategory;

  /** The calendar day of the expense (`date` in the API). */
  @Column({ type: 'date' })
  spentOn!: string;

  /** Twelve integer digits and the largest minor unit in ISO 4217 (4, CLF). */
  @Column({ type: 'numeric', precision: 16, scale: 4 })
  amount!: string;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  /** The user's base currency when the base amount was computed (or found missing). */
  @Column({ type: 'char', length: 3 })
  baseCurrency!: string;

  /** Unbounded: a converted amount can have more integer digits than the original. */
  @Column({ type: 'numeric', nullable: true })
  baseAmount!: string | null;

  /** Units of the base currency for one unit of `currency`. */
  @Column({ type: 'numeric', nullable: true })
  fxRate!: string | null;

  @Column({ type: 'date', nullable: true })
  fxRateDate!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  fxSource!: FxSource | null;

  /** Why there is no base amount: `unknown-currency`, `no-rate` or `stale-rate`. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  fxMissingReason!: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  fxMissingDetail!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  payee!: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  note!: string | null;

  /** Normalised (trimmed, lower-case, unique); searched through a GIN index. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  /** A vehicle of the user's garage; the vehicles module adds the foreign key. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  vehicleId!: string | null;

  /** Optimistic concurrency: every change adds one, and the API's ETag is `W/"<version>"`. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
