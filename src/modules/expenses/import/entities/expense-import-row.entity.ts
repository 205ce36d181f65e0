import { Column, Entity, Index, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from 'src/modules/auth/users/entities/user.entity';
import { Expense } from 'src/modules/expenses/entities/expense.entity';
import { ExpenseImport } from 'src/modules/expenses/import/entities/expense-import.entity';

/**
 * A row an import created: its dedupe key, unique per user, is what makes importing the same
 * rows again create nothing. The key outlives the expense when the user deletes that expense
 * by hand (re-importing the file does not bring it back); undoing the import removes the keys
 * with the expenses, so the file can be imported again.
 */
@Entity({ name: 'expense_import_rows' })
@Index('uq_expense_import_rows_user_id_dedupe_key', ['userId', 'dedupeKey'], { unique: true })
export class ExpenseImportRow {
  /** Covered by the primary key, which starts with it. */
  @PrimaryColumn({ type: 'uuid' })
  importId!: string;

  @ManyToOne(() => ExpenseImport, { onDelete: 'CASCADE' })
  import?: ExpenseImport;

  /** The row's line in the file. */
  @PrimaryColumn({ type: 'integer' })
  line!: number;

  /** Covered by the unique (user_id, dedupe_key) index. */
  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  user?: User;

  /** base64url SHA-256 (43 characters), see dedupeKey(). */
  @Column({ type: 'varchar', length: 64 })
  dedupeKey!: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  expenseId!: string | null;

  @ManyToOne(() => Expense, { onDelete: 'SET NULL' })
  expense?: Expense | null;
}
