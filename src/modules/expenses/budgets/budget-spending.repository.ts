import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CalendarDate } from 'src/platform/dates/calendar-date';
import { addMonths, CalendarMonth, firstDayOf } from 'src/modules/expenses/budgets/budget-month';
import { MonthSpending } from 'src/modules/expenses/budgets/budget.types';

export interface SpendingQuery {
  userId: string;
  /** Only base amounts in this currency are summed; any other expense counts as unconverted. */
  baseCurrency: string;
  budgetIds: readonly string[];
  /** The month the status is for: the last month summed. */
  month: CalendarMonth;
  /** The earliest month any of the budgets needs (its start month when it rolls over). */
  fromMonth: CalendarMonth;
  /** Spending dated on or before this day is also summed apart (for the projection). */
  today: CalendarDate;
}

export interface BudgetMonthSpending extends MonthSpending {
  budgetId: string;
}

/**
 * The spending of budgets, summed by PostgreSQL in one statement for any number of budgets and
 * months: the user's expenses in the range are read once (ix_expenses_user_id_spent_on_id),
 * grouped by category and month, and only those small groups are matched to the budgets — a
 * top-level category's budget takes its sub-categories' groups too, an overall budget all of
 * them, and a budget without rollover only its month.
 */
@Injectable()
export class BudgetSpendingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Rows only for months with expenses; a month without any spent nothing. */
  async monthlySpending(
    query: SpendingQuery,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<BudgetMonthSpending[]> {
    if (query.budgetIds.length === 0) return [];
    return manager.query<BudgetMonthSpending[]>(
      `WITH spend AS (
         SELECT e.category_id,
                date_trunc('month', e.spent_on::timestamp)::date AS month,
                sum(e.base_amount) FILTER (WHERE e.base_currency = $2) AS spent,
                sum(e.base_amount) FILTER (WHERE e.base_currency = $2 AND e.spent_on <= $5::date)
                  AS spent_to_date,
                count(*) FILTER (WHERE e.base_amount IS NULL OR e.base_currency <> $2)
                  AS unconverted
         FROM expenses e
         WHERE e.user_id = $1 AND e.spent_on >= $3::date AND e.spent_on < $4::date
         GROUP BY 1, 2
       )
       SELECT b.id AS "budgetId", to_char(s.month, 'YYYY-MM') AS month,
              coalesce(sum(s.spent), 0)::text AS spent,
              coalesce(sum(s.spent_to_date), 0)::text AS "spentToDate",
              sum(s.unconverted)::int AS unconverted
       FROM budgets b
       JOIN spend s
         ON s.month >= CASE WHEN b.rollover = 'none' THEN $6::date ELSE b.start_month END
       JOIN expense_categories c ON c.id = s.category_id
       WHERE b.user_id = $1 AND b.id = ANY($7::uuid[])
         AND (b.category_id IS NULL OR b.category_id = c.id OR b.category_id = c.parent_id)
       GROUP BY b.id, s.month
       ORDER BY b.id, s.month`,
      [
        query.userId,
        query.baseCurrency,
        firstDayOf(query.fromMonth),
        firstDayOf(addMonths(query.month, 1)),
        query.today,
        firstDayOf(query.month),
        query.budgetIds,
      ],
    );
  }
}
