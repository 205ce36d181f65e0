import { Check, Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from 'src/modules/auth/users/entities/user.entity';

export const IMPORT_STATUSES = ['committed', 'undone'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/**
 * One committed CSV import: who sent which file, what it created, and whether it was undone.
 * Dry runs leave no record. The rows it created are in expense_import_rows until it is undone.
 */
@Entity({ name: 'expense_imports' })
@Index(['userId', 'createdAt', 'id'])
@Check(
  'ck_expense_imports_status',
  `"status" IN (${IMPORT_STATUSES.map((s) => `'${s}'`).join(', ')})`,
)
export class ExpenseImport {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Covered by (user_id, created_at, id). */
  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  user?: User;

  @Column({ type: 'varchar', length: 16 })
  status!: ImportStatus;

  /** As the client named it; only a label (the content is what was checked). */
  @Column({ type: 'varchar', length: 255, nullable: true })
  fileName!: string | null;

  @Column({ type: 'integer' })
  fileSizeBytes!: number;

  /** Hex SHA-256 of the file as sent. */
  @Column({ type: 'char', length: 64 })
  fileSha256!: string;

  /** The column mapping and formats the file was read with. */
  @Column({ type: 'jsonb' })
  options!: Record<string, string>;

  /** Data rows in the file. */
  @Column({ type: 'integer' })
  rowCount!: number;

  @Column({ type: 'integer' })
  createdCount!: number;

  @Column({ type: 'integer' })
  duplicateCount!: number;

  /** Rows left out on purpose (negative amounts with negativeAmounts=skip). */
  @Column({ type: 'integer' })
  skippedCount!: number;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  createdCategories!: string[];

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  undoneAt!: Date | null;

  /** Expenses the undo deleted (fewer than createdCount when some were deleted by hand). */
  @Column({ type: 'integer', nullable: true })
  deletedCount!: number | null;
}
