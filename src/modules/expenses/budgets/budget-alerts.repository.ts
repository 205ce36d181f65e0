import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CalendarMonth, firstDayOf } from 'src/modules/expenses/budgets/budget-month';
import { AlertThreshold } from 'src/modules/expenses/budgets/budget.types';

export interface AlertKey {
  budgetId: string;
  threshold: AlertThreshold;
}

/** The alerts already sent: budget_alerts, one row per budget, month and threshold. */
@Injectable()
export class BudgetAlertsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The thresholds already sent in `month` for these budgets, as `budgetId:threshold`. */
  async findSent(budgetIds: readonly string[], month: CalendarMonth): Promise<Set<string>> {
    if (budgetIds.length === 0) return new Set();
    const rows = await this.dataSource.query<{ budgetId: string; threshold: number }[]>(
      `SELECT budget_id AS "budgetId", threshold FROM budget_alerts
       WHERE budget_id = ANY($1::uuid[]) AND month = $2::date`,
      [budgetIds, firstDayOf(month)],
    );
    return new Set(rows.map((row) => `${row.budgetId}:${row.threshold}`));
  }

  /**
   * Claims the alerts of one budget and month; answers the thresholds this call claimed. A
   * threshold claimed by another transaction is not claimed again: while that transaction is
   * open this insert waits for it (the primary key), then inserts nothing if it committed.
   */
  async claim(
    userId: string,
    budgetId: string,
    month: CalendarMonth,
    thresholds: readonly AlertThreshold[],
    now: Date,
    manager: EntityManager,
  ): Promise<AlertThreshold[]> {
    const rows = await manager.query<{ threshold: number }[]>(
      `INSERT INTO budget_alerts (budget_id, month, threshold, user_id, sent_at)
       SELECT $1, $2::date, t, $3, $4 FROM unnest($5::smallint[]) AS t
       ON CONFLICT DO NOTHING
       RETURNING threshold`,
      [budgetId, firstDayOf(month), userId, now, thresholds],
    );
    return rows.map((row) => row.threshold as AlertThreshold).sort((a, b) => a - b);
  }
}
