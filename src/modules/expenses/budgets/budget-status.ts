import { CalendarDate, parseCalendarDate } from 'src/platform/dates/calendar-date';
import {
  compareDecimals,
  Decimal,
  DecimalString,
  parseDecimal,
  roundDecimal,
} from 'src/platform/money/decimal';
import { roundToMinorUnit } from 'src/platform/money/money';
import {
  addMonths,
  CalendarMonth,
  daysOfMonth,
  monthOf,
} from 'src/modules/expenses/budgets/budget-month';
import {
  ALERT_THRESHOLDS,
  AlertThreshold,
  MonthSpending,
  RolloverMode,
} from 'src/modules/expenses/budgets/budget.types';

export type BudgetPeriod = 'past' | 'current' | 'future';

/** What the status of one month needs to know of a budget. */
export interface BudgetPlan {
  amount: DecimalString;
  rollover: RolloverMode;
  startMonth: CalendarMonth;
}

export interface BudgetStatusInput {
  plan: BudgetPlan;
  month: CalendarMonth;
  /** The calendar day it is now (UTC): decides past, current and future, and the projection. */
  today: CalendarDate;
  /** The budget's spending by month, from its start month to `month`; missing months spent 0. */
  spending: ReadonlyMap<CalendarMonth, MonthSpending>;
  /** The currency amounts are rounded in (the user's base currency). */
  currency: string;
}

export interface BudgetMonthStatus {
  month: CalendarMonth;
  period: BudgetPeriod;
  budgeted: DecimalString;
  /** Carried in from earlier months: never negative with carry_remaining, 0 with none. */
  rolledOver: DecimalString;
  /** budgeted + rolledOver. */
  available: DecimalString;
  spent: DecimalString;
  /** available − spent; negative when overspent. */
  remaining: DecimalString;
  /** spent ÷ available × 100, truncated to 2 decimals; null when nothing is available. */
  percentUsed: DecimalString | null;
  projected: DecimalString;
  /** Expenses of the month without a base amount (not in `spent`). */
  unconvertedExpenses: number;
  /** Expenses without a base amount in the earlier months the rollover is built from. */
  unconvertedExpensesBefore: number;
  /** The alert thresholds the month has reached. */
  thresholdsReached: AlertThreshold[];
}

const ZERO: MonthSpending = { month: '', spent: '0', spentToDate: '0', unconverted: 0 };

/**
 * One month of a budget: its rollover chain from the start month, what was spent, and where it
 * is heading. Pure: every input is explicit, so the rules can be tested from small tables.
 */
export function budgetStatus(input: BudgetStatusInput): BudgetMonthStatus {
  const { plan, month, spending, currency } = input;
  if (month < plan.startMonth) {
    throw new Error(`The budget starts in ${plan.startMonth}, after ${month}`);
  }
  const budgeted = parseDecimal(plan.amount);
  let carried = new Decimal(0);
  let unconvertedBefore = 0;
  if (plan.rollover !== 'none') {
    for (let earlier = plan.startMonth; earlier < month; earlier = addMonths(earlier, 1)) {
      const spent = spending.get(earlier) ?? ZERO;
      unconvertedBefore += spent.unconverted;
      const left = budgeted.plus(carried).minus(parseDecimal(spent.spent));
      carried = plan.rollover === 'carry_both' ? left : Decimal.max(left, 0);
    }
  }
  const current = spending.get(month) ?? ZERO;
  const available = budgeted.plus(carried);
  const spent = parseDecimal(current.spent);
  const period = periodOf(month, input.today);
  const money = (value: Decimal): DecimalString => roundToMinorUnit(value, currency, 'half-even');
  return {
    month,
    period,
    budgeted: money(budgeted),
    rolledOver: money(carried),
    available: money(available),
    spent: money(spent),
    remaining: money(available.minus(spent)),
    percentUsed: percentOf(spent, available),
    projected: money(projection(period, current, month, input.today)),
    unconvertedExpenses: current.unconverted,
    unconvertedExpensesBefore: unconvertedBefore,
    thresholdsReached: ALERT_THRESHOLDS.filter((threshold) => reaches(spent, available, threshold)),
  };
}

export function periodOf(month: CalendarMonth, today: CalendarDate): BudgetPeriod {
  const thisMonth = monthOf(today);
  return month < thisMonth ? 'past' : month > thisMonth ? 'future' : 'current';
}

/**
 * Month-end spending if the month goes on as it has so far. A past month is over, so it is what
 * was spent; a future month has no pace yet, so it is what is already booked in it. For the
 * current month, spending dated up to and including today is extrapolated at its daily pace
 * over the whole month (spent to date ÷ days elapsed × days in month, today counting as
 * elapsed), and expenses already booked for later days of the month are added as they are,
 * not extrapolated: a rent entered ahead for the 28th is one payment, not a pace. Nothing spent
 * to date projects to what is booked.
 */
function projection(
  period: BudgetPeriod,
  spending: MonthSpending,
  month: CalendarMonth,
  today: CalendarDate,
): Decimal {
  const spent = parseDecimal(spending.spent);
  if (period !== 'current') return spent;
  const toDate = parseDecimal(spending.spentToDate);
  const booked = spent.minus(toDate);
  const elapsed = parseCalendarDate(today).day;
  return toDate.times(daysOfMonth(month)).dividedBy(elapsed).plus(booked);
}

/**
 * Truncated, not rounded, so that a percentage shown as 80.00 or more always means the 80 %
 * threshold is reached (79.996 % shows as 79.99, not 80.00).
 */
function percentOf(spent: Decimal, available: Decimal): DecimalString | null {
  if (available.lte(0)) return null;
  return roundDecimal(spent.times(100).dividedBy(available), 2, 'down');
}

/**
 * Exact comparison (spent × 100 ≥ available × threshold), no division. With nothing available
 * (an overspend carried in with carry_both ate the month), the budget counts as used up as soon
 * as it is below zero or anything is spent.
 */
function reaches(spent: Decimal, available: Decimal, threshold: AlertThreshold): boolean {
  if (available.lte(0)) return available.lt(0) || spent.gt(0);
  return compareDecimals(spent.times(100), available.times(threshold)) >= 0;
}
