import {
  addDays,
  CalendarDate,
  daysBetween,
  daysInMonth,
  formatCalendarDate,
  parseCalendarDate,
} from 'src/platform/dates/calendar-date';

/** Both ends inclusive. */
export interface DateRange {
  from: CalendarDate;
  to: CalendarDate;
}

/** The longest range a summary covers: 120 calendar months (ten years). */
export const MAX_SUMMARY_MONTHS = 120;

/** A month counted from year 0: `year × 12 + (month − 1)`, so consecutive months differ by 1. */
export function monthIndex(date: CalendarDate): number {
  const { year, month } = parseCalendarDate(date);
  return year * 12 + month - 1;
}

/** `YYYY-MM` of a month index. */
export function monthKey(index: number): string {
  return formatCalendarDate({
    year: Math.floor(index / 12),
    month: (index % 12) + 1,
    day: 1,
  }).slice(0, 7);
}

function firstDayOfMonth(index: number): CalendarDate {
  return `${monthKey(index)}-01`;
}

/** The calendar months a range touches, partly or wholly. */
export function monthsSpanned(range: DateRange): number {
  return monthIndex(range.to) - monthIndex(range.from) + 1;
}

/**
 * How many whole calendar months the range is (it starts on a 1st and ends on the last day of
 * a month), or undefined when it is not made of whole months.
 */
export function wholeMonths(range: DateRange): number | undefined {
  const from = parseCalendarDate(range.from);
  const to = parseCalendarDate(range.to);
  if (from.day !== 1 || to.day !== daysInMonth(to.year, to.month)) return undefined;
  return monthsSpanned(range);
}

/**
 * The period a summary compares with, always ending the day before `range.from`:
 * - a range of whole calendar months (a month, a quarter, a year, …) is compared with as many
 *   whole months immediately before it, whatever their number of days: March with February,
 *   2024 with 2023, Q1 with the previous Q4;
 * - any other range is compared with the same number of days immediately before it:
 *   2024-03-01 … 2024-03-15 (15 days) with 2024-02-15 … 2024-02-29.
 */
export function previousPeriod(range: DateRange): DateRange {
  const to = addDays(range.from, -1);
  const months = wholeMonths(range);
  if (months !== undefined) {
    return { from: firstDayOfMonth(monthIndex(range.from) - months), to };
  }
  return { from: addDays(range.from, -(daysBetween(range.from, range.to) + 1)), to };
}
