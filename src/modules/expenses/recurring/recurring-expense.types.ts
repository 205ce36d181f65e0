import { CalendarDate } from 'src/platform/dates/calendar-date';
import { DecimalString } from 'src/platform/money/decimal';
import { RuleProgress } from 'src/modules/expenses/recurring/materialisation-plan';
import { RecurrenceRule, RecurrenceUnit } from 'src/modules/expenses/recurring/recurrence';

/** A recurring expense as the services see it: plain values, dates and decimals as strings. */
export interface RecurringExpenseRecord {
  id: string;
  userId: string;
  categoryId: string;
  amount: DecimalString;
  currency: string;
  payee: string | null;
  note: string | null;
  tags: string[];
  vehicleId: string | null;
  unit: RecurrenceUnit;
  interval: number;
  dayOfMonth: number | null;
  startDate: CalendarDate;
  endDate: CalendarDate | null;
  count: number | null;
  active: boolean;
  materialisedThrough: CalendarDate | null;
  /** The first occurrence after `materialisedThrough`; null once the schedule has ended. */
  nextOccurrence: CalendarDate | null;
  version: number;
  /** ISO 8601, millisecond precision (written from the injected clock). */
  createdAt: string;
  updatedAt: string;
}

/** The schedule part, as the recurrence engine reads it. */
export type RecurrenceFields = Pick<
  RecurringExpenseRecord,
  'unit' | 'interval' | 'dayOfMonth' | 'startDate' | 'endDate' | 'count'
>;

export function recurrenceOf(fields: RecurrenceFields): RecurrenceRule {
  return {
    unit: fields.unit,
    interval: fields.interval,
    startDate: fields.startDate,
    ...(fields.dayOfMonth !== null ? { dayOfMonth: fields.dayOfMonth } : {}),
    ...(fields.endDate !== null ? { endDate: fields.endDate } : {}),
    ...(fields.count !== null ? { count: fields.count } : {}),
  };
}

export function progressOf(
  record: RecurrenceFields & Pick<RecurringExpenseRecord, 'active' | 'materialisedThrough'>,
): RuleProgress {
  return {
    rule: recurrenceOf(record),
    active: record.active,
    materialisedThrough: record.materialisedThrough,
  };
}
