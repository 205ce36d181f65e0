import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from 'src/platform/clock/clock';
import { CalendarDate } from 'src/platform/dates/calendar-date';
import { AppException } from 'src/platform/errors/app.exception';
import { TransactionalEvents } from 'src/platform/events/transactional-events';
import { compareDecimals, DecimalString } from 'src/platform/money/decimal';
import { normaliseAmount } from 'src/platform/money/money';
import {
  ExpectedVersion,
  VersionedResource,
} from 'src/platform/owned-resources/versioned-resource';
import { AuditService } from 'src/modules/audit/audit.service';
import { ExpenseActions } from 'src/modules/audit/audit-actions';
import { AuditActor } from 'src/modules/audit/audit.types';
import { UsersService } from 'src/modules/auth/users/users.service';
import {
  BaseConversion,
  fromFxConversion,
  toFxColumns,
  USER_FX_SOURCE,
  withUserRate,
} from 'src/modules/expenses/base-amounts/base-conversion';
import { CategoriesService } from 'src/modules/expenses/categories/categories.service';
import { CurrenciesService } from 'src/modules/currencies/currencies.service';
import { ExpenseRecord } from 'src/modules/expenses/expense.types';
import { ExpensesChanged } from 'src/modules/expenses/expenses.events';
import { cleanText, normaliseTags } from 'src/modules/expenses/expense-values';
import {
  ExpenseRowChanges,
  ExpensesRepository,
  NewExpenseRow,
} from 'src/modules/expenses/expenses.repository';

/** A new expense, validated at the edge (DTO or import parser); the writer normalises it. */
export interface ExpenseInput {
  amount: DecimalString;
  currency: string;
  date: CalendarDate;
  categoryId: string;
  payee?: string | null;
  note?: string | null;
  tags?: readonly string[];
  vehicleId?: string | null;
  /**
   * Units of the base currency per unit of `currency`, set by the user (source `USER`); absent:
   * the reference rate of the date. Refused for an expense already in the base currency.
   */
  fxRate?: DecimalString;
}

/**
 * A partial change. `fxRate: null` drops a rate the user set, going back to the reference rate;
 * absent keeps it while the currency stays the same.
 */
export type ExpenseChanges = Partial<Omit<ExpenseInput, 'fxRate' | 'payee' | 'note'>> & {
  payee?: string | null;
  note?: string | null;
  fxRate?: DecimalString | null;
};

const EXPENSE = new VersionedResource('expense');

export interface WriteOptions {
  /** Write the expense.* audit event (default true). Bulk callers record one of their own. */
  audit?: boolean;
  /** Extra audit details, e.g. `{ recurringRuleId }` or `{ importBatchId }`. */
  auditDetails?: Record<string, unknown>;
  /** Who the audit event names; default: the caller of the request being served (a job: system). */
  auditActor?: AuditActor;
}

/**
 * Writes expenses inside a transaction the caller owns: the HTTP service, the recurring-expense
 * job and the CSV import all create expenses through here, so every expense gets the same
 * normalisation, category rules, base-currency conversion and audit event.
 *
 * Each method expects the EntityManager of an open transaction and, when it audits, makes the
 * audit event its last statement; a caller adding writes after it holds the audit chain's lock
 * that much longer.
 */
@Injectable()
export class ExpenseWriter {
  constructor(
    private readonly expenses: ExpensesRepository,
    private readonly categoryRules: CategoriesService,
    private readonly users: UsersService,
    private readonly fx: CurrenciesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly events: TransactionalEvents,
  ) {}

  async create(
    manager: EntityManager,
    userId: string,
    input: ExpenseInput,
    options: WriteOptions = {},
  ): Promise<ExpenseRecord> {
    assertTransaction(manager);
    const baseCurrency = await this.users.getBaseCurrency(userId, manager);
    await this.categoryRules.assertAssignable(manager, userId, input.categoryId);
    const amount = normaliseAmount(input.amount, input.currency);
    const conversion = input.fxRate
      ? userRateConversion(amount, input.currency, input.fxRate, input.date, baseCurrency)
      : fromFxConversion(
          await this.fx.convert(amount, input.currency, baseCurrency, input.date),
          baseCurrency,
        );
    const [expense] = await this.expenses.insertMany(
      [toRow(userId, { ...input, amount }, conversion)],
      this.clock.now(),
      manager,
    );
    await this.notifyChange(manager, userId);
    if (options.audit !== false) {
      await this.recordEvent(manager, ExpenseActions.ExpenseCreated, expense, options);
    }
    return expense;
  }

  /**
   * Many expenses of one user in a few statements: the base currency and the categories are
   * read once, rates come from one rate table. All or nothing: the first invalid input throws
   * (its index in the field name) and the caller's transaction rolls back. No audit events
   * unless `audit` is true; a bulk caller normally records one event for the whole batch.
   */
  async createMany(
    manager: EntityManager,
    userId: string,
    inputs: readonly ExpenseInput[],
    options: WriteOptions = {},
  ): Promise<ExpenseRecord[]> {
    const rows = await this.prepareMany(manager, userId, inputs);
    if (rows.length === 0) return [];
    const stored = await this.expenses.insertMany(rows, this.clock.now(), manager);
    await this.notifyChange(manager, userId);
    await this.auditCreated(manager, stored, options);
    return stored;
  }

  /**
   * createMany answering only the new expenses' ids, in input order: the rows are not read
   * back, which a caller writing tens of thousands of them (an import) does not need.
   */
  async createManyIds(
    manager: EntityManager,
    userId: string,
    inputs: readonly ExpenseInput[],
    options: WriteOptions = {},
  ): Promise<string[]> {
    const rows = await this.prepareMany(manager, userId, inputs);
    if (rows.length === 0) return [];
    await this.expenses.insertManyQuietly(rows, this.clock.now(), manager);
    await this.notifyChange(manager, userId);
    await this.auditCreated(manager, rows, options);
    return rows.map((row) => row.id);
  }

  /** The rows createMany writes: checked, normalised and converted. */
  private async prepareMany(
    manager: EntityManager,
    userId: string,
    inputs: readonly ExpenseInput[],
  ): Promise<NewExpenseRow[]> {
    assertTransaction(manager);
    if (inputs.length === 0) return [];
    const baseCurrency = await this.users.getBaseCurrency(userId, manager);
    const assignable = await this.categoryRules.lockAssignableIds(manager, userId);
    const dates = inputs.map((input) => input.date).sort();
    const table = await this.fx.rateTable(
      [...new Set([...inputs.map((input) => input.currency), baseCurrency])],
      dates[0],
      dates[dates.length - 1],
    );
    return inputs.map((input, index) => {
      if (!assignable.has(input.categoryId)) {
        throw new AppException(
          'REFERENCED_RESOURCE_NOT_FOUND',
          `Expense ${index}: categoryId is not one of your active categories`,
          { errors: [{ field: `${index}.categoryId`, messages: ['no such active category'] }] },
        );
      }
      const amount = normaliseAmount(input.amount, input.currency);
      const conversion = input.fxRate
        ? userRateConversion(amount, input.currency, input.fxRate, input.date, baseCurrency)
        : fromFxConversion(
            table.convert(amount, input.currency, baseCurrency, input.date),
            baseCurrency,
          );
      return toRow(userId, { ...input, amount }, conversion);
    });
  }

  /** One expense.* audit event: the expense's snapshot after what the caller adds. */
  private recordEvent(
    manager: EntityManager,
    action: (typeof ExpenseActions)[keyof typeof ExpenseActions],
    expense: NewExpenseRow | ExpenseRecord,
    options: WriteOptions,
    leading: Record<string, unknown> = {},
  ): Promise<unknown> {
    return this.audit.record(manager, {
      action,
      resourceType: 'expense',
      resourceId: expense.id,
      details: { ...leading, ...auditSnapshot(expense), ...options.auditDetails },
      actor: options.auditActor,
    });
  }

  private async auditCreated(
    manager: EntityManager,
    expenses: readonly (NewExpenseRow | ExpenseRecord)[],
    options: WriteOptions,
  ): Promise<void> {
    if (options.audit !== true) return;
    for (const expense of expenses) {
      await this.recordEvent(manager, ExpenseActions.ExpenseCreated, expense, options);
    }
  }

  /**
   * Applies `changes` to the user's expense, if its version is still `expectedVersion` (when
   * given). Converts again when the amount, currency, date or rate changes. Throws NOT_FOUND
   * for another user's expense and PRECONDITION_FAILED for a stale version.
   */
  async update(
    manager: EntityManager,
    userId: string,
    id: string,
    expectedVersion: ExpectedVersion,
    changes: ExpenseChanges,
    options: WriteOptions = {},
  ): Promise<ExpenseRecord> {
    assertTransaction(manager);
    // The user's row before the expense's: the order a base-currency change locks them in.
    const baseCurrency = await this.users.getBaseCurrency(userId, manager);
    const current = EXPENSE.found(await this.expenses.lockOwned(userId, id, manager));
    EXPENSE.assertVersion(current, expectedVersion);
    const changed = Object.keys(changes).filter(
      (field) => changes[field as keyof ExpenseChanges] !== undefined,
    );
    // Nothing to change is not a change: no new version, no audit event.
    if (changed.length === 0) return current;

    const row: ExpenseRowChanges = {};
    if (changes.categoryId !== undefined && changes.categoryId !== current.categoryId) {
      await this.categoryRules.assertAssignable(manager, userId, changes.categoryId);
      row.categoryId = changes.categoryId;
    }
    if (changes.payee !== undefined) row.payee = cleanText(changes.payee);
    if (changes.note !== undefined) row.note = cleanText(changes.note);
    if (changes.tags !== undefined) row.tags = normaliseTags(changes.tags);
    if (changes.vehicleId !== undefined) row.vehicleId = changes.vehicleId;

    const currency = changes.currency ?? current.currency;
    const amount = normaliseAmount(changes.amount ?? current.amount, currency);
    const date = changes.date ?? current.date;
    const reconvert =
      changes.currency !== undefined ||
      changes.amount !== undefined ||
      changes.date !== undefined ||
      changes.fxRate !== undefined;
    if (reconvert) {
      // A rate the user set speaks for one currency pair: it survives a new amount or date,
      // not a new currency (nor a base currency that changed since).
      const keptUserRate =
        changes.fxRate === undefined &&
        current.fxSource === USER_FX_SOURCE &&
        currency === current.currency &&
        baseCurrency === current.baseCurrency
          ? current.fxRate!
          : undefined;
      const userRate = changes.fxRate ?? keptUserRate;
      const conversion = userRate
        ? userRateConversion(amount, currency, userRate, date, baseCurrency)
        : fromFxConversion(
            await this.fx.convert(amount, currency, baseCurrency, date),
            baseCurrency,
          );
      Object.assign(row, { amount, currency, date }, toFxColumns(conversion));
    }

    const updated = EXPENSE.found(
      await this.expenses.update(userId, id, row, this.clock.now(), manager),
    );
    await this.notifyChange(manager, userId);
    if (options.audit !== false) {
      await this.recordEvent(manager, ExpenseActions.ExpenseUpdated, updated, options, {
        changed,
        version: updated.version,
      });
    }
    return updated;
  }

  /** Deletes the user's expense (if its version is still `expectedVersion`, when given). */
  async delete(
    manager: EntityManager,
    userId: string,
    id: string,
    expectedVersion: ExpectedVersion,
    options: WriteOptions = {},
  ): Promise<ExpenseRecord> {
    assertTransaction(manager);
    const current = EXPENSE.found(await this.expenses.lockOwned(userId, id, manager));
    EXPENSE.assertVersion(current, expectedVersion);
    const deleted = EXPENSE.found(await this.expenses.deleteOwned(userId, id, manager));
    await this.notifyChange(manager, userId);
    if (options.audit !== false) {
      await this.recordEvent(manager, ExpenseActions.ExpenseDeleted, deleted, options);
    }
    return deleted;
  }

  /**
   * Deletes those of `ids` that are the user's expenses, whatever their version, in a few
   * statements; answers the ids deleted. No audit events unless `audit` is true: a bulk caller
   * (undoing an import) normally records one event for the whole batch.
   */
  async deleteMany(
    manager: EntityManager,
    userId: string,
    ids: readonly string[],
    options: WriteOptions = {},
  ): Promise<string[]> {
    assertTransaction(manager);
    if (ids.length === 0) return [];
    const deleted = await this.expenses.deleteManyOwned(userId, ids, manager);
    if (deleted.length > 0) await this.notifyChange(manager, userId);
    if (options.audit === true) {
      for (const id of deleted) {
        await this.audit.record(manager, {
          action: ExpenseActions.ExpenseDeleted,
          resourceType: 'expense',
          resourceId: id,
          details: { ...options.auditDetails },
          actor: options.auditActor,
        });
      }
    }
    return deleted;
  }

  private async notifyChange(manager: EntityManager, userId: string): Promise<void> {
    await this.events.raise(manager, ExpensesChanged, { userId });
  }
}

function userRateConversion(
  amount: DecimalString,
  currency: string,
  rate: DecimalString,
  date: CalendarDate,
  baseCurrency: string,
): BaseConversion {
  if (currency === baseCurrency) {
    throw new AppException('VALIDATION_FAILED', 'An expense in the base currency has no rate', {
      errors: [
        {
          field: 'fxRate',
          messages: [`fxRate is only for expenses in a currency other than ${baseCurrency}`],
        },
      ],
    });
  }
  if (compareDecimals(rate, '0') <= 0) {
    throw new AppException('VALIDATION_FAILED', 'fxRate must be greater than zero', {
      errors: [{ field: 'fxRate', messages: ['fxRate must be greater than zero'] }],
    });
  }
  return withUserRate(amount, rate, date, baseCurrency);
}

function toRow(userId: string, input: ExpenseInput, conversion: BaseConversion): NewExpenseRow {
  return {
    id: randomUUID(),
    userId,
    categoryId: input.categoryId,
    date: input.date,
    amount: input.amount,
    currency: input.currency,
    ...toFxColumns(conversion),
    payee: cleanText(input.payee),
    note: cleanText(input.note),
    tags: normaliseTags(input.tags ?? []),
    vehicleId: input.vehicleId ?? null,
  };
}

function assertTransaction(manager: EntityManager): void {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('ExpenseWriter needs the EntityManager of an open transaction');
  }
}

/** What the trail keeps of an expense: enough to see what changed, nothing free-text. */
function auditSnapshot(expense: NewExpenseRow | ExpenseRecord): Record<string, unknown> {
  return {
    amount: expense.amount,
    currency: expense.currency,
    date: expense.date,
    categoryId: expense.categoryId,
    baseAmount: expense.baseAmount,
    baseCurrency: expense.baseCurrency,
    fxSource: expense.fxSource,
  };
}
