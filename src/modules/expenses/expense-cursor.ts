import { isCalendarDate } from 'src/platform/dates/calendar-date';
import { AppException } from 'src/platform/errors/app.exception';
import { isDecimalString } from 'src/platform/money/decimal';
import { CursorValue, decodeCursor } from 'src/platform/pagination/cursor';
import { ExpenseKeyset, ExpenseSort } from 'src/modules/expenses/expense.types';

const INSTANT_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * A cursor names the sort it belongs to, so a cursor from one sort cannot silently skip rows of
 * another: `[sort:order, value, id]`.
 */
export function expenseCursorKey(sort: ExpenseSort, keyset: ExpenseKeyset): CursorValue[] {
  return [`${sort.field}:${sort.direction}`, keyset.value, keyset.id];
}

export function decodeExpenseCursor(cursor: string, sort: ExpenseSort): ExpenseKeyset {
  const [tag, value, id] = decodeCursor(cursor, ['string', 'string', 'uuid']);
  const valueFits =
    sort.field === 'date'
      ? isCalendarDate(value)
      : sort.field === 'amount'
        ? value === null || isDecimalString(value)
        : typeof value === 'string' && INSTANT_MS.test(value) && !Number.isNaN(Date.parse(value));
  if (tag !== `${sort.field}:${sort.direction}` || !valueFits || id === null) {
    throw new AppException('VALIDATION_FAILED', 'The cursor is not valid for this list', {
      errors: [
        {
          field: 'cursor',
          messages: ['cursor must be a nextCursor returned for the same sort and order'],
        },
      ],
    });
  }
  return { value, id };
}
