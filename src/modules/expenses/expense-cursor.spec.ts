import { AppException } from 'src/platform/errors/app.exception';
import { encodeCursor } from 'src/platform/pagination/cursor';
import { decodeExpenseCursor, expenseCursorKey } from 'src/modules/expenses/expense-cursor';
import { ExpenseKeyset, ExpenseSort } from 'src/modules/expenses/expense.types';

const ID = '3f1c2a9e-7d5b-4c1e-9a8f-0b6d4e2c1a7f';

describe('expense cursors', () => {
  it.each<[ExpenseSort, ExpenseKeyset]>([
    [
      { field: 'date', direction: 'desc' },
      { value: '2026-03-02', id: ID },
    ],
    [
      { field: 'amount', direction: 'asc' },
      { value: '12.50', id: ID },
    ],
    [
      { field: 'amount', direction: 'desc' },
      { value: null, id: ID },
    ],
    [
      { field: 'createdAt', direction: 'asc' },
      { value: '2026-03-02T10:00:00.123Z', id: ID },
    ],
  ])('round-trips %j', (sort, keyset) => {
    const cursor = encodeCursor(expenseCursorKey(sort, keyset));
    expect(decodeExpenseCursor(cursor, sort)).toEqual(keyset);
  });

  it.each<[string, unknown[], ExpenseSort]>([
    ['of another sort', ['date:desc', '2026-03-02', ID], { field: 'amount', direction: 'desc' }],
    ['of another order', ['date:desc', '2026-03-02', ID], { field: 'date', direction: 'asc' }],
    [
      'with an impossible date',
      ['date:desc', '2026-02-30', ID],
      { field: 'date', direction: 'desc' },
    ],
    ['with a null date', ['date:desc', null, ID], { field: 'date', direction: 'desc' }],
    [
      'with an amount that is a number',
      ['amount:asc', 12.5, ID],
      { field: 'amount', direction: 'asc' },
    ],
    [
      'with a time without milliseconds',
      ['createdAt:asc', '2026-03-02T10:00:00Z', ID],
      { field: 'createdAt', direction: 'asc' },
    ],
    [
      'with an id that is no uuid',
      ['date:desc', '2026-03-02', 'x'],
      { field: 'date', direction: 'desc' },
    ],
  ])('refuses a cursor %s', (_name, values, sort) => {
    const cursor = Buffer.from(JSON.stringify(values)).toString('base64url');
    expect(() => decodeExpenseCursor(cursor, sort)).toThrow(AppException);
  });
});
