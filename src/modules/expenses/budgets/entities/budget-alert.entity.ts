import { Check, Column, Entity, Index, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from 'src/modules/auth/users/entities/user.entity';
import { Budget } from 'src/modules/expenses/budgets/entities/budget.entity';
import { ALERT_THRESHOLDS } from 'src/modules/expenses/budgets/budget.types';

/**
 * An alert mail claimed for a budget, a month and a threshold. The primary key is what makes an
 * alert go out once per period: a second check, a retry or a concurrent run inserts nothing and
 * sends nothing. The row is written in the transaction that sends the mail, so a failed send
 * leaves no row and the job's retry sends it.
 */
@Entity({ name: 'budget_alerts' })
@Check('ck_budget_alerts_threshold', `"threshold" IN (${ALERT_THRESHOLDS.join(', ')})`)
@Check('ck_budget_alerts_month', `EXTRACT(DAY FROM "month") = 1`)
export class BudgetAlert {
  /** Leads the primary key, which therefore indexes the foreign key. */
  @PrimaryColumn({ type: 'uuid' })
  budgetId!: string;

  @ManyToOne(() => Budget, { onDelete: 'CASCADE' })
  budget?: Budget;

  @PrimaryColumn({ type: 'date' })
  month!: string;

  @PrimaryColumn({ type: 'smallint' })
  threshold!: number;

  @Index()
  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  user?: User;

  @Column({ type: 'timestamptz' })
  sentAt!: Date;
}
