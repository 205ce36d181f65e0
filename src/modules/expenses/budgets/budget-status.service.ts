import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from 'src/platform/clock/clock';
import { CalendarDate, calendarDateOf } from 'src/platform/dates/calendar-date';
import { AppException } from 'src/platform/errors/app.exception';
import { UsersService } from 'src/modules/auth/users/users.service';
import { CalendarMonth, monthOf } from 'src/modules/expenses/budgets/budget-month';
import { BudgetMonthStatus, budgetStatus } from 'src/modules/expenses/budgets/budget-status';
import { BudgetRecord, MonthSpending } from 'src/modules/expenses/budgets/budget.types';
import { BudgetSpendingRepository } from 'src/modules/expenses/budgets/budget-spending.repository';
import { BudgetsRepository } from 'src/modules/expenses/budgets/budgets.repository';
import {
  BudgetStatusDto,
  BudgetStatusListDto,
} from 'src/modules/expenses/budgets/dto/budget-status.dto';

/** A budget and its status for one month. */
export interface BudgetStatusView {
  budget: BudgetRecord;
  status: BudgetMonthStatus;
  /** The amount is not in the base currency: only spent and projected mean anything. */
  currencyMismatch: boolean;
}

export interface BudgetStatusSnapshot {
  month: CalendarMonth;
  today: CalendarDate;
  baseCurrency: string;
  views: BudgetStatusView[];
}

/**
 * Where budgets stand in a month. "Today" is the UTC calendar day of the injected clock: users
 * have no time zone of their own yet, and expense dates are zone-less calendar days, so the day
 * that decides the current month and the projection is the UTC one.
 */
@Injectable()
export class BudgetStatusService {
  constructor(
    private readonly budgets: BudgetsRepository,
    private readonly spending: BudgetSpendingRepository,
    private readonly users: UsersService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Every budget that covers the month (default: the current one). */
  async statusOf(userId: string, month?: CalendarMonth): Promise<BudgetStatusListDto> {
    const snapshot = await this.snapshot(userId, month, (manager, forMonth) =>
      this.budgets.findActiveIn(userId, forMonth, manager),
    );
    return {
      month: snapshot.month,
      today: snapshot.today,
      baseCurrency: snapshot.baseCurrency,
      budgets: snapshot.views.map((view) => toStatusDto(view, snapshot.baseCurrency)),
    };
  }

  /** One budget in a month it covers (default: the current one). */
  async statusOfBudget(
    userId: string,
    budgetId: string,
    month?: CalendarMonth,
  ): Promise<BudgetStatusDto> {
    const snapshot = await this.snapshot(userId, month, async (manager, forMonth) => {
      const budget = await this.budgets.findOwned(userId, budgetId, manager);
      if (!budget) throw new AppException('NOT_FOUND', 'No such budget');
      if (
        forMonth < budget.startMonth ||
        (budget.endMonth !== null && forMonth > budget.endMonth)
      ) {
        throw new AppException('UNPROCESSABLE', `The budget does not cover ${forMonth}`, {
          errors: [
            {
              field: 'month',
              messages: [
                `month must be from ${budget.startMonth}` +
                  (budget.endMonth === null ? ' on' : ` to ${budget.endMonth}`),
              ],
            },
          ],
        });
      }
      return [budget];
    });
    return toStatusDto(snapshot.views[0], snapshot.baseCurrency);
  }

  /** The current month's status of every budget that covers it: what the alert check reads. */
  currentSnapshot(userId: string): Promise<BudgetStatusSnapshot> {
    return this.snapshot(userId, undefined, (manager, month) =>
      this.budgets.findActiveIn(userId, month, manager),
    );
  }

  /**
   * Base currency, budgets and spending read in one transaction that share-locks the user's row
   * first: a base-currency change (which locks that row to re-base budgets and expenses) cannot
   * commit in between and pair budgets in one currency with spending in another. The spending of
   * all the budgets and months comes from one aggregate query.
   */
  private snapshot(
    userId: string,
    month: CalendarMonth | undefined,
    loadBudgets: (manager: EntityManager, month: CalendarMonth) => Promise<BudgetRecord[]>,
  ): Promise<BudgetStatusSnapshot> {
    const today = calendarDateOf(this.clock.now());
    const forMonth = month ?? monthOf(today);
    return this.dataSource.transaction(async (manager) => {
      const baseCurrency = await this.users.getBaseCurrency(userId, manager);
      const budgets = await loadBudgets(manager, forMonth);
      const rows = await this.spending.monthlySpending(
        {
          userId,
          baseCurrency,
          budgetIds: budgets.map((budget) => budget.id),
          month: forMonth,
          fromMonth: budgets.reduce(
            (earliest, budget) =>
              budget.rollover !== 'none' && budget.startMonth < earliest
                ? budget.startMonth
                : earliest,
            forMonth,
          ),
          today,
        },
        manager,
      );
      const byBudget = new Map<string, Map<CalendarMonth, MonthSpending>>();
      for (const row of rows) {
        const months = byBudget.get(row.budgetId) ?? new Map<CalendarMonth, MonthSpending>();
        months.set(row.month, row);
        byBudget.set(row.budgetId, months);
      }
      const views = budgets.map((budget) => ({
        budget,
        currencyMismatch: budget.currency !== baseCurrency,
        status: budgetStatus({
          plan: budget,
          month: forMonth,
          today,
          spending: byBudget.get(budget.id) ?? new Map(),
          currency: baseCurrency,
        }),
      }));
      return { month: forMonth, today, baseCurrency, views };
    });
  }
}

function toStatusDto(view: BudgetStatusView, baseCurrency: string): BudgetStatusDto {
  const { budget, status, currencyMismatch } = view;
  const money = (amount: string) => ({ amount, currency: baseCurrency });
  const planned = (amount: string) => (currencyMismatch ? null : money(amount));
  return {
    budgetId: budget.id,
    name: budget.name,
    categoryId: budget.categoryId,
    rollover: budget.rollover,
    month: status.month,
    period: status.period,
    budgeted: planned(status.budgeted),
    rolledOver: planned(status.rolledOver),
    available: planned(status.available),
    spent: money(status.spent),
    remaining: planned(status.remaining),
    percentUsed: currencyMismatch ? null : status.percentUsed,
    projected: money(status.projected),
    unconvertedExpenses: status.unconvertedExpenses,
    unconvertedExpensesBefore: status.unconvertedExpensesBefore,
    currencyMismatch,
  };
}
