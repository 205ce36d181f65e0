import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from 'src/platform/clock/clock';
import { TransactionalEvents } from 'src/platform/events/transactional-events';
import { AuditService } from 'src/modules/audit/audit.service';
import { ExpenseActions } from 'src/modules/audit/audit-actions';
import { BaseCurrencyChange, BaseCurrencyChanged } from 'src/modules/auth/users/users.events';
import {
  fromFxConversion,
  toFxColumns,
  USER_FX_SOURCE,
} from 'src/modules/expenses/base-amounts/base-conversion';
import {
  BaseAmountsRepository,
  ConvertibleExpense,
  NewConversion,
} from 'src/modules/expenses/base-amounts/base-amounts.repository';
import { CurrenciesService } from 'src/modules/currencies/currencies.service';
import { FxRateTable } from 'src/modules/currencies/currencies.types';

const REBASE_BATCH_SIZE = 2000;
const FILL_BATCH_SIZE = 500;
/** Ids named in one audit event; the count is always complete. */
const AUDITED_IDS = 20;
const FILL_ACTOR = { type: 'system', id: 'expenses.fx-refresh' } as const;

export interface RebaseResult {
  expenses: number;
  converted: number;
  missing: number;
  /** Rates the user had set for the old base currency, replaced by reference rates. */
  userRatesReplaced: number;
}

export interface FillResult {
  /** Expenses that had no base amount and have one now. */
  filled: number;
  /** Expenses looked at that still have no rate. */
  stillMissing: number;
  /**
   * Of those, the ones whose reason was said anew: what the installation lacks changed (it had
   * no rates at all, now it has some but none for that currency or date).
   */
  reworded: number;
}

/**
 * Keeps base amounts in step with the user's base currency and with the rates that exist:
 * re-basing on a base-currency change, and filling the base amount of expenses that were
 * waiting for a rate.
 */
@Injectable()
export class BaseAmountsService implements OnModuleInit {
  private readonly logger = new Logger('BaseAmounts');

  constructor(
    private readonly expenses: BaseAmountsRepository,
    private readonly fx: CurrenciesService,
    private readonly events: TransactionalEvents,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.events.on(BaseCurrencyChanged, async (manager, change) => ({
      rebased: await this.rebase(manager, change),
    }));
  }

  /**
   * Converts every expense of the user into the new base currency, inside the transaction
   * that changes it (the user's row is locked by then, so no expense is written in the old
   * currency meanwhile): totals are never in two currencies. Each expense gets the reference
   * rate of its date, or exactly 1 when it was paid in the new base currency, or the missing
   * state. A rate the user set converted into the old base currency and no longer applies.
   * Work is batched (rates for a batch come from one query); a very large history makes this
   * one long transaction, which is the price of never showing mixed totals.
   */
  async rebase(manager: EntityManager, change: BaseCurrencyChange): Promise<RebaseResult> {
    const result: RebaseResult = { expenses: 0, converted: 0, missing: 0, userRatesReplaced: 0 };
    const now = this.clock.now();
    let afterId: string | null = null;
    for (;;) {
      const batch = await this.expenses.lockUserBatch(
        change.userId,
        afterId,
        REBASE_BATCH_SIZE,
        manager,
      );
      if (batch.length === 0) break;
      const table = await this.rateTableFor(batch, [change.to]);
      const conversions = batch.map((expense): NewConversion => {
        const conversion = fromFxConversion(
          table.convert(expense.amount, expense.currency, change.to, expense.date),
          change.to,
        );
        result.expenses += 1;
        if (conversion.status === 'converted') result.converted += 1;
        else result.missing += 1;
        if (expense.fxSource === USER_FX_SOURCE) result.userRatesReplaced += 1;
        return { id: expense.id, version: expense.version, ...toFxColumns(conversion) };
      });
      await this.expenses.writeConversions(conversions, now, false, manager);
      afterId = batch[batch.length - 1].id;
    }
    return result;
  }

  /**
   * Gives a base amount to every expense that has none and whose rate now exists (the FX
   * refresh job calls this after storing new rates), and says anew why the others still have
   * none when that changed (an installation without rates has some now). Batches of expenses in date order, each
   * written in a transaction of its own with one audit event per user; a row edited meanwhile
   * (its version moved on) is left to its new content. Safe to run any number of times.
   */
  async fillMissingBaseAmounts(): Promise<FillResult> {
    const result: FillResult = { filled: 0, stillMissing: 0, reworded: 0 };
    let after: { date: string; id: string } | null = null;
    for (;;) {
      const batch = await this.expenses.findMissingBatch(after, FILL_BATCH_SIZE);
      if (batch.length === 0) break;
      const table = await this.rateTableFor(
        batch,
        batch.map((expense) => expense.baseCurrency),
      );
      const conversions: NewConversion[] = [];
      const rewordings: NewConversion[] = [];
      for (const expense of batch) {
        const conversion = fromFxConversion(
          table.convert(expense.amount, expense.currency, expense.baseCurrency, expense.date),
          expense.baseCurrency,
        );
        const columns = { id: expense.id, version: expense.version, ...toFxColumns(conversion) };
        if (conversion.status === 'converted') conversions.push(columns);
        else if (
          columns.fxMissingReason !== expense.fxMissingReason ||
          columns.fxMissingDetail !== expense.fxMissingDetail
        ) {
          rewordings.push(columns);
        }
      }
      const written = await this.dataSource.transaction(async (manager) => {
        const now = this.clock.now();
        const rows = await this.expenses.writeConversions(conversions, now, true, manager);
        await this.recordFilled(manager, rows);
        // Derived text, not a change of the expense: no audit event.
        const reworded = await this.expenses.writeConversions(rewordings, now, true, manager);
        return { filled: rows.length, reworded: reworded.length };
      });
      result.filled += written.filled;
      result.stillMissing += batch.length - written.filled;
      result.reworded += written.reworded;
      const last = batch[batch.length - 1];
      after = { date: last.date, id: last.id };
    }
    if (result.filled > 0 || result.reworded > 0)
      this.logger.log({ msg: 'Filled missing base amounts', ...result });
    return result;
  }

  private async recordFilled(
    manager: EntityManager,
    rows: readonly { id: string; userId: string }[],
  ): Promise<void> {
    const byUser = new Map<string, string[]>();
    for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row.id]);
    for (const [userId, ids] of byUser) {
      await this.audit.record(manager, {
        action: ExpenseActions.BaseAmountsFilled,
        resourceType: 'expense',
        resourceId: null,
        actor: FILL_ACTOR,
        subjectUserId: null,
        details: { userId, count: ids.length, expenseIds: ids.slice(0, AUDITED_IDS) },
      });
    }
  }

  private rateTableFor(
    batch: readonly ConvertibleExpense[],
    targets: readonly string[],
  ): Promise<FxRateTable> {
    const dates = batch.map((expense) => expense.date).sort();
    return this.fx.rateTable(
      [...new Set([...batch.map((expense) => expense.currency), ...targets])],
      dates[0],
      dates[dates.length - 1],
    );
  }
}
