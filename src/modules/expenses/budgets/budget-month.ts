import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import {
  CalendarDate,
  daysInMonth,
  formatCalendarDate,
  parseCalendarDate,
} from 'src/platform/dates/calendar-date';

/**
 * A calendar month as `YYYY-MM`: no day, no zone. Strings compare in calendar order. Budgets
 * are per month; the database keeps a month as the `date` of its first day.
 */
export type CalendarMonth = string;

const CALENDAR_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Months a budget may cover: the same span as expense dates. */
export const MONTH_LIMITS = { earliest: '1900-01', latest: '2100-12' } as const;

export function isCalendarMonth(value: unknown): value is CalendarMonth {
  return typeof value === 'string' && CALENDAR_MONTH.test(value) && value >= '0001-01';
}

function parts(month: CalendarMonth): { year: number; month: number } {
  const match = CALENDAR_MONTH.exec(month);
  if (!match) throw new Error(`${JSON.stringify(month)} is not a calendar month (YYYY-MM)`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

/** The month a calendar day falls in. */
export function monthOf(date: CalendarDate): CalendarMonth {
  parseCalendarDate(date);
  return date.slice(0, 7);
}

export function firstDayOf(month: CalendarMonth): CalendarDate {
  const { year, month: m } = parts(month);
  return formatCalendarDate({ year, month: m, day: 1 });
}

export function lastDayOf(month: CalendarMonth): CalendarDate {
  const { year, month: m } = parts(month);
  return formatCalendarDate({ year, month: m, day: daysInMonth(year, m) });
}

export function daysOfMonth(month: CalendarMonth): number {
  const { year, month: m } = parts(month);
  return daysInMonth(year, m);
}

export function addMonths(month: CalendarMonth, count: number): CalendarMonth {
  const { year, month: m } = parts(month);
  const index = year * 12 + (m - 1) + count;
  const shifted = Math.floor(index / 12);
  return `${String(shifted).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** A real month written `YYYY-MM` from MONTH_LIMITS.earliest to MONTH_LIMITS.latest. */
export function IsCalendarMonth(validationOptions?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isCalendarMonth',
      target: target.constructor,
      propertyName: String(propertyName),
      options: validationOptions,
      validator: {
        validate: (value: unknown) =>
          isCalendarMonth(value) && value >= MONTH_LIMITS.earliest && value <= MONTH_LIMITS.latest,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'month'} must be a month written YYYY-MM, from ` +
          `${MONTH_LIMITS.earliest} to ${MONTH_LIMITS.latest}`,
      },
    });
  };
}
