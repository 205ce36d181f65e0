import { CalendarDate } from 'src/platform/dates/calendar-date';
import { DecimalString } from 'src/platform/money/decimal';
import { FxSource } from 'src/modules/expenses/base-amounts/base-conversion';

/** An expense as the module's services see it: plain values, dates and decimals as strings. */
export interface ExpenseRecord {
  id: string;
  userId: string;
  categoryId: string;
  date: CalendarDate;
  amount: DecimalString;
  currency: string;
  baseCurrency: string;
  /** Null while no rate exists (see fxMissingReason). */
  baseAmount: DecimalString | null;
  fxRate: DecimalString | null;
  fxRateDate: CalendarDate | null;
  fxSource: FxSource | null;
  fxMissingReason: string | null;
  fxMissingDetail: string | null;
  payee: string | null;
  note: string | null;
  tags: string[];
  vehicleId: string | null;
  version: number;
  /** ISO 8601, millisecond precision (written from the injected clock). */
  createdAt: string;
  updatedAt: string;
}

/** What a list or an export may filter on; every field optional, all of them combined with AND. */
export interface ExpenseFilter {
  /** Inclusive. */
  from?: CalendarDate;
  /** Inclusive. */
  to?: CalendarDate;
  /**
   * Any of these categories (the service expands a category to itself and its sub-categories).
   * An empty array matches nothing.
   */
  categoryIds?: readonly string[];
  /** A normalised tag (see normaliseTag). */
  tag?: string;
  /**
   * Words that must all occur in payee or note, each as the start of a word: letters and
   * digits separated by spaces (see searchWords).
   */
  searchText?: string;
  /** Inclusive bounds on the base amount; expenses without one never match. */
  minBaseAmount?: DecimalString;
  maxBaseAmount?: DecimalString;
  /** The original currency. */
  currency?: string;
}

export const EXPENSE_SORT_FIELDS = ['date', 'amount', 'createdAt'] as const;
export type ExpenseSortField = (typeof EXPENSE_SORT_FIELDS)[number];
export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

export interface ExpenseSort {
  field: ExpenseSortField;
  direction: SortDirection;
}

/**
 * Where a page starts: the sort value of the last row served and its id. `value` is null only
 * for the amount sort, in the tail of expenses without a base amount.
 */
export interface ExpenseKeyset {
  value: string | null;
  id: string;
}
