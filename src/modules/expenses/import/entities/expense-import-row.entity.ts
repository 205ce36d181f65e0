import { Column, Entity, Index, ManyToOne, PrimaryColumn } from 'typeorm';
import { ExpenseImport } from 'src/modules/expenses/import/entities/expense-import.entity';

/**
 * A row an import created: its dedupe key, unique per user, is what makes importing the same
 * rows again create nothing. The key outlives the expense when the user deletes that expense
 * by hand (re-importing the file does not bring it back); undoing the import removes the keys
 * with the expenses, so the file can be imported again.
 *
 * Only import_id is a foreign key. user_id needs none (deleting the user deletes the import,
 * which deletes its rows), and expense_id must outlive its expense anyway; checking those two
 * keys row by row made writing an import's 50,000 rows take about twice as long.
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

  /** The import's user, beside the key that is unique per user. */
  @Column({ type: 'uuid' })
  userId!: string;

  /** base64url SHA-256 (43 characters), see dedupeKey(). */
  @Column({ type: 'varchar', length: 64 })
  dedupeKey!: string;

  /** The expense the row became; it may have been deleted by hand since. */
  @Column({ type: 'uuid' })
  expenseId!: string;
}
