import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from 'src/platform/clock/clock';
import { calendarDateOf } from 'src/platform/dates/calendar-date';
import { compareDecimals } from 'src/platform/money/decimal';
import { TransactionalEvents } from 'src/platform/events/transactional-events';
import { BaseCurrencyChange, BaseCurrencyChanged } from 'src/modules/auth/users/users.events';
import { BudgetsRepository } from 'src/modules/expenses/budgets/budgets.repository';
import { CurrenciesService } from 'src/modules/currencies/currencies.service';

export interface BudgetRebaseResult {
  /** Budgets converted into the new base currency. */
  rebased: number;
  /** Budgets left in their currency for want of a rate (their status says currencyMismatch). */
  withoutRate: number;
}

/** Keeps budget amounts in the user's base currency when it changes. */
@Injectable()
export class BudgetRebaseService implements OnModuleInit {
  constructor(
    private readonly budgets: BudgetsRepository,
    private readonly events: TransactionalEvents,
    private readonly fx: CurrenciesService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.events.on(BaseCurrencyChanged, async (manager, change) => {
      const budgets = await this.rebase(manager, change);
      // Users without budgets keep the event as it was.
      return budgets.rebased + budgets.withoutRate > 0 ? { budgets } : {};
    });
  }

  /**
   * Re-bases every budget of the user into the new base currency, inside the transaction that
   * changes it (the user's row is locked, so no budget is written meanwhile), with the same
   * reference rates the expenses use: the rate of the day of the change (UTC; the latest
   * published on or before it), rounded half-even to the new currency's minor unit. A budget
   * is a plan for every month, so today's rate is the one that keeps its meaning. Without a
   * rate (or when the amount would round to nothing) the budget keeps its amount and currency:
   * its status reports currencyMismatch and no number is guessed; a new amount puts it right.
   * The rollover chain is recomputed from the re-based amount and the re-based expenses.
   */
  async rebase(manager: EntityManager, change: BaseCurrencyChange): Promise<BudgetRebaseResult> {
    const result: BudgetRebaseResult = { rebased: 0, withoutRate: 0 };
    const budgets = (await this.budgets.lockAllOwned(change.userId, manager)).filter(
      (budget) => budget.currency !== change.to,
    );
    if (budgets.length === 0) return result;
    const now = this.clock.now();
    const today = calendarDateOf(now);
    const table = await this.fx.rateTable(
      [...new Set([...budgets.map((budget) => budget.currency), change.to])],
      today,
      today,
    );
    for (const budget of budgets) {
      const converted = table.convert(budget.amount, budget.currency, change.to, today);
      if (converted.status !== 'converted' || compareDecimals(converted.amount, '0') <= 0) {
        result.withoutRate += 1;
        continue;
      }
      await this.budgets.update(
        change.userId,
        budget.id,
        { amount: converted.amount, currency: change.to },
        now,
        manager,
      );
      result.rebased += 1;
    }
    return result;
  }
}
