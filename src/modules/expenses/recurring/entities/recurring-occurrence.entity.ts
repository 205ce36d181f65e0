import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryColumn } from 'typeorm';
import { Expense } from 'src/modules/expenses/entities/expense.entity';
import { RecurringExpense } from 'src/modules/expenses/recurring/entities/recurring-expense.entity';

/**
 * One occurrence of a rule that has been materialised. The primary key (rule, date) is what
 * makes materialisation exactly-once: a second attempt at the same occurrence, from a rerun or
 * another instance, inserts nothing here and therefore creates no expense. The row outlives
 * its expense (deleting the expense empties `expenseId`), so a deleted expense is not created
 * again; it goes with its rule, while the rule's expenses stay.
 */
@Entity({ name: 'recurring_expense_occurrences' })
export class RecurringOccurrence {
  /** The primary key starts with it, which also indexes the foreign key. */
  @PrimaryColumn({ type: 'uuid' })
  recurringExpenseId!: string;

  @ManyToOne(() => RecurringExpense, { onDelete: 'CASCADE' })
  recurringExpense?: RecurringExpense;

  @PrimaryColumn({ type: 'date' })
  occursOn!: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  expenseId!: string | null;

  @ManyToOne(() => Expense, { onDelete: 'SET NULL' })
  expense?: Expense | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
