import { DecimalString } from 'src/platform/money/decimal';
import { DateRange } from 'src/modules/expenses/summaries/summary-period';

/**
 * What a summary groups by: `category` rolls sub-categories up into their top-level category,
 * `subcategory` keeps every category apart, `month` is calendar months, `tag` counts an expense
 * once in each of its tags' groups, `payee` is the payee as stored.
 */
export const SUMMARY_GROUPINGS = ['category', 'subcategory', 'month', 'tag', 'payee'] as const;
export type SummaryGrouping = (typeof SUMMARY_GROUPINGS)[number];

/** The list filters a summary accepts; all combined with AND. */
export interface SummaryFilter {
  /** This category and its sub-categories (one of another user's matches nothing). */
  categoryId?: string;
  /** Normalised (see normaliseTag). */
  tag?: string;
  /** The currency paid in. */
  currency?: string;
}

export interface SummarySpec {
  groupBy: SummaryGrouping;
  period: DateRange;
  previous: DateRange;
  filter: SummaryFilter;
  /** The most groups returned, largest totals first; ignored by `month` (every month comes). */
  limit: number;
}

/** One group as the query answers it; sums of base amounts, exact. */
export interface SummaryGroupRow {
  /** The category id, tag or payee; for `month`, the month's position in the period (0, 1, …). */
  key: string | null;
  label: string | null;
  parentKey: string | null;
  parentLabel: string | null;
  total: DecimalString;
  count: number;
  previousTotal: DecimalString;
  previousCount: number;
}

export interface SummaryRow {
  baseCurrency: string;
  total: DecimalString;
  count: number;
  previousTotal: DecimalString;
  previousCount: number;
  /** Expenses left out of the totals because they have no base amount (no rate). */
  unconverted: number;
  previousUnconverted: number;
  /** Every group there is; `groups` holds at most `limit` of them. */
  groupCount: number;
  groups: SummaryGroupRow[];
}
