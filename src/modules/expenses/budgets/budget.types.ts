import { DecimalString } from 'src/platform/money/decimal';
import { CalendarMonth } from 'src/modules/expenses/budgets/budget-month';

/**
 * What happens to a month's result in the next month:
 * - `none`: nothing; every month starts from its budget.
 * - `carry_remaining`: what was left is added to the next month; an overspend is forgotten.
 * - `carry_both`: what was left is added and what was overspent is taken off the next month.
 */
export const ROLLOVER_MODES = ['none', 'carry_remaining', 'carry_both'] as const;
export type RolloverMode = (typeof ROLLOVER_MODES)[number];

/** The share of the available amount at which an alert is mailed, once per budget and month. */
export const ALERT_THRESHOLDS = [80, 100] as const;
export type AlertThreshold = (typeof ALERT_THRESHOLDS)[number];

/** A budget as the module's services see it: plain values, months and decimals as strings. */
export interface BudgetRecord {
  id: string;
  userId: string;
  /** Null: an overall budget, over every expense of the user. */
  categoryId: string | null;
  name: string | null;
  /** Per month. */
  amount: DecimalString;
  /**
   * The user's base currency when the amount was set or last re-based; it differs from the
   * current base currency only after a base-currency change found no rate (see BudgetsService).
   */
  currency: string;
  rollover: RolloverMode;
  startMonth: CalendarMonth;
  /** Inclusive; null: open-ended. */
  endMonth: CalendarMonth | null;
  version: number;
  /** ISO 8601, millisecond precision. */
  createdAt: string;
  updatedAt: string;
}

export interface BudgetFilter {
  /** Budgets on exactly this category. */
  categoryId?: string;
  kind?: BudgetKind;
  /** Budgets that cover this month. */
  activeIn?: CalendarMonth;
}

export const BUDGET_KINDS = ['overall', 'category'] as const;
export type BudgetKind = (typeof BUDGET_KINDS)[number];

/** Where a page of budgets starts: the creation time and id of the last one served. */
export interface BudgetKeyset {
  createdAt: string;
  id: string;
}

/** One month of one budget's spending, as the aggregation returns it (base currency). */
export interface MonthSpending {
  month: CalendarMonth;
  /** Sum of the base amounts of the month's expenses that have one. */
  spent: DecimalString;
  /** The same, for expenses dated on or before "today" only (for the projection). */
  spentToDate: DecimalString;
  /** Expenses of the month without a base amount: they are counted, never guessed. */
  unconverted: number;
}
