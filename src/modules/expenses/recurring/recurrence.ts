import {
  addDays,
  CalendarDate,
  daysBetween,
  daysInMonth,
  formatCalendarDate,
  isCalendarDate,
  parseCalendarDate,
} from 'src/platform/dates/calendar-date';
import { AppException, FieldError } from 'src/platform/errors/app.exception';

export const RECURRENCE_UNITS = ['day', 'week', 'month', 'year'] as const;
export type RecurrenceUnit = (typeof RECURRENCE_UNITS)[number];

export const MAX_INTERVAL = 1000;
export const MAX_COUNT = 10_000;
/** The most dates one call returns, so a daily rule over a century cannot exhaust memory. */
export const MAX_OCCURRENCES_PER_CALL = 10_000;
const LAST_CALENDAR_DATE = '9999-12-31';

/**
 * "Every `interval` `unit`s from `startDate`", optionally stopping after `count` occurrences or
 * on `endDate` (inclusive), never both.
 *
 * Every occurrence is computed from the start, never from the previous occurrence, so a
 * month-end never drifts: a rule on the 31st gives Jan 31, Feb 28 (29 in leap years), Mar 31.
 * - `month`: on `dayOfMonth` (default: the start's day), or the month's last day when shorter.
 *   The cycle counts from the start's month; the first occurrence is the first of those dates
 *   on or after the start (start Jan 20 on the 5th, every month → Feb 5).
 * - `year`: on the start's month and day; Feb 29 falls on Feb 28 in common years.
 * - `day`, `week`: every `interval` × 1 or 7 days, the start date included.
 */
export interface RecurrenceRule {
  unit: RecurrenceUnit;
  interval: number;
  startDate: CalendarDate;
  /** Monthly rules only: 1–31. */
  dayOfMonth?: number;
  endDate?: CalendarDate;
  count?: number;
}

/** Rendered as 400 VALIDATION_FAILED with one entry per field, like a DTO error. */
export class InvalidRecurrenceRuleError extends AppException {
  constructor(errors: FieldError[], detail = 'The recurrence rule is invalid') {
    super('VALIDATION_FAILED', detail, { errors });
    this.name = 'InvalidRecurrenceRuleError';
  }
}

/** Every problem with a rule, as field errors; empty when the rule is valid. */
export function validateRecurrenceRule(rule: RecurrenceRule): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: keyof RecurrenceRule, message: string): void => {
    errors.push({ field, messages: [message] });
  };
  if (!(RECURRENCE_UNITS as readonly unknown[]).includes(rule.unit)) {
    add('unit', `unit must be one of ${RECURRENCE_UNITS.join(', ')}`);
  }
  if (!isWholeNumberIn(rule.interval, 1, MAX_INTERVAL)) {
    add('interval', `interval must be a whole number from 1 to ${MAX_INTERVAL}`);
  }
  if (!isCalendarDate(rule.startDate)) {
    add('startDate', 'startDate must be a real calendar date written YYYY-MM-DD');
  }
  if (rule.dayOfMonth !== undefined) {
    if (rule.unit !== 'month') {
      add('dayOfMonth', 'dayOfMonth applies to monthly rules only');
    } else if (!isWholeNumberIn(rule.dayOfMonth, 1, 31)) {
      add('dayOfMonth', 'dayOfMonth must be a whole number from 1 to 31');
    }
  }
  if (rule.endDate !== undefined) {
    if (!isCalendarDate(rule.endDate)) {
      add('endDate', 'endDate must be a real calendar date written YYYY-MM-DD');
    } else if (isCalendarDate(rule.startDate) && rule.endDate < rule.startDate) {
      add('endDate', 'endDate must not be before startDate');
    }
  }
  if (rule.count !== undefined) {
    // Both given is one problem, reported once; a count out of range is another.
    if (rule.endDate !== undefined) add('count', 'give either count or endDate, not both');
    else if (!isWholeNumberIn(rule.count, 1, MAX_COUNT)) {
      add('count', `count must be a whole number from 1 to ${MAX_COUNT}`);
    }
  }
  return errors;
}

export function assertValidRecurrenceRule(rule: RecurrenceRule): void {
  const errors = validateRecurrenceRule(rule);
  if (errors.length > 0) throw new InvalidRecurrenceRuleError(errors);
}

/** The occurrences from `fromDate` to `toDate`, both inclusive, in order. */
export function occurrences(
  rule: RecurrenceRule,
  fromDate: CalendarDate,
  toDate: CalendarDate,
): CalendarDate[] {
  assertValidRecurrenceRule(rule);
  const rangeErrors: FieldError[] = [];
  if (!isCalendarDate(fromDate)) rangeErrors.push(dateError('from'));
  if (!isCalendarDate(toDate)) rangeErrors.push(dateError('to'));
  if (rangeErrors.length === 0 && toDate < fromDate) {
    rangeErrors.push({ field: 'to', messages: ['to must not be before from'] });
  }
  if (rangeErrors.length > 0) {
    throw new InvalidRecurrenceRuleError(rangeErrors, 'The date range is invalid');
  }
  return collect(rule, fromDate, (date, found) => {
    if (date > toDate) return false;
    if (found >= MAX_OCCURRENCES_PER_CALL) {
      const message = `the range holds more than ${MAX_OCCURRENCES_PER_CALL} occurrences`;
      throw new InvalidRecurrenceRuleError(
        [{ field: 'to', messages: [message] }],
        `The date range is too long: ${message}`,
      );
    }
    return true;
  });
}

/** The next `n` occurrences strictly after `afterDate` (fewer when the rule ends first). */
export function next(rule: RecurrenceRule, afterDate: CalendarDate, n: number): CalendarDate[] {
  assertValidRecurrenceRule(rule);
  const errors: FieldError[] = [];
  if (!isCalendarDate(afterDate)) errors.push(dateError('after'));
  if (!isWholeNumberIn(n, 1, MAX_OCCURRENCES_PER_CALL)) {
    errors.push({
      field: 'n',
      messages: [`n must be a whole number from 1 to ${MAX_OCCURRENCES_PER_CALL}`],
    });
  }
  if (errors.length > 0) throw new InvalidRecurrenceRuleError(errors);
  // Nothing follows the calendar's last day; the day after it has a five-digit year, which
  // would compare as a string before every four-digit date and restart from the first.
  if (afterDate === LAST_CALENDAR_DATE) return [];
  return collect(rule, addDays(afterDate, 1), (_date, found) => found < n);
}

/** Occurrences on or after `fromDate` while `more` says so and the rule has not ended. */
function collect(
  rule: RecurrenceRule,
  fromDate: CalendarDate,
  more: (date: CalendarDate, found: number) => boolean,
): CalendarDate[] {
  const dates: CalendarDate[] = [];
  for (let index = firstIndexOnOrAfter(rule, fromDate); ; index++) {
    if (rule.count !== undefined && index >= rule.count) break;
    const date = occurrenceAt(rule, index);
    // Past LAST_CALENDAR_DATE the year has five digits: the calendar this API speaks ends there.
    if (date.length !== 10) break;
    if (rule.endDate !== undefined && date > rule.endDate) break;
    if (!more(date, dates.length)) break;
    dates.push(date);
  }
  return dates;
}

/** The date of the `index`-th occurrence (0 is the first). Strictly increasing in `index`. */
export function occurrenceAt(rule: RecurrenceRule, index: number): CalendarDate {
  const start = parseCalendarDate(rule.startDate);
  switch (rule.unit) {
    case 'day':
      return addDays(rule.startDate, index * rule.interval);
    case 'week':
      return addDays(rule.startDate, index * rule.interval * 7);
    case 'month': {
      const day = rule.dayOfMonth ?? start.day;
      const skipsStartMonth = clampedDay(start.year, start.month, day) < start.day;
      return dayInMonth(
        start.year,
        start.month - 1 + (index + (skipsStartMonth ? 1 : 0)) * rule.interval,
        day,
      );
    }
    case 'year':
      return dayInMonth(start.year + index * rule.interval, start.month - 1, start.day);
  }
}

/** The smallest index whose occurrence is on or after `date` (the rule's end is ignored). */
function firstIndexOnOrAfter(rule: RecurrenceRule, date: CalendarDate): number {
  if (date <= rule.startDate) return 0;
  const start = parseCalendarDate(rule.startDate);
  const target = parseCalendarDate(date);
  let index: number;
  switch (rule.unit) {
    case 'day':
    case 'week': {
      const step = rule.interval * (rule.unit === 'week' ? 7 : 1);
      return Math.ceil(daysBetween(rule.startDate, date) / step);
    }
    case 'month':
      index = Math.floor(monthsBetween(start, target) / rule.interval) - 1;
      break;
    case 'year':
      index = Math.floor((target.year - start.year) / rule.interval) - 1;
      break;
  }
  // The estimate is at most one step short; walking forward settles month-end clamping.
  index = Math.max(0, index);
  while (occurrenceAt(rule, index) < date) index++;
  return index;
}

/** The `day` of month number `monthIndex` (0-based, counted from January of `year`), clamped. */
function dayInMonth(year: number, monthIndex: number, day: number): CalendarDate {
  const y = year + Math.floor(monthIndex / 12);
  const m = (((monthIndex % 12) + 12) % 12) + 1;
  return formatCalendarDate({ year: y, month: m, day: clampedDay(y, m, day) });
}

function clampedDay(year: number, month: number, day: number): number {
  return Math.min(day, daysInMonth(year, month));
}

function monthsBetween(
  from: { year: number; month: number },
  to: { year: number; month: number },
): number {
  return (to.year - from.year) * 12 + (to.month - from.month);
}

function isWholeNumberIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function dateError(field: string): FieldError {
  return { field, messages: [`${field} must be a real calendar date written YYYY-MM-DD`] };
}
