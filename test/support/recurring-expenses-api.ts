import { DataSource } from 'typeorm';
import { Caller, call } from 'test/support/expenses-api';
import { TestApp } from 'test/support/test-app';

export const RECURRING_EXPENSES = '/api/v1/recurring-expenses';

export interface RecurringExpenseBody {
  id: string;
  version: number;
  amount: { amount: string; currency: string };
  categoryId: string;
  payee: string | null;
  note: string | null;
  tags: string[];
  vehicleId: string | null;
  unit: string;
  interval: number;
  dayOfMonth: number | null;
  startDate: string;
  endDate: string | null;
  count: number | null;
  active: boolean;
  materialisedThrough: string | null;
  nextOccurrence: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Creates a recurring expense and fails the test unless it is created. */
export async function createRecurringExpense(
  ctx: TestApp,
  caller: Caller,
  body: Record<string, unknown>,
): Promise<RecurringExpenseBody> {
  const response = await call(ctx, caller, 'POST', RECURRING_EXPENSES, body);
  if (response.statusCode !== 201) {
    throw new Error(`create recurring: ${response.statusCode} ${response.body}`);
  }
  return response.json<RecurringExpenseBody>();
}

/** The dates of the expenses a rule has materialised (through its occurrence links), in order. */
export async function materialisedDates(
  ctx: TestApp | DataSource,
  ruleId: string,
): Promise<string[]> {
  const dataSource = ctx instanceof DataSource ? ctx : ctx.app.get(DataSource);
  const rows = await dataSource.query<{ date: string }[]>(
    `SELECT to_char(e.spent_on, 'YYYY-MM-DD') AS date
     FROM recurring_expense_occurrences o JOIN expenses e ON e.id = o.expense_id
     WHERE o.recurring_expense_id = $1 ORDER BY e.spent_on`,
    [ruleId],
  );
  return rows.map((row) => row.date);
}

/** Every expense date of a user, in order: proves nothing beyond the rule's dates exists. */
export async function expenseDatesOf(ctx: TestApp | DataSource, userId: string): Promise<string[]> {
  const dataSource = ctx instanceof DataSource ? ctx : ctx.app.get(DataSource);
  const rows = await dataSource.query<{ date: string }[]>(
    `SELECT to_char(spent_on, 'YYYY-MM-DD') AS date FROM expenses WHERE user_id = $1
     ORDER BY spent_on, id`,
    [userId],
  );
  return rows.map((row) => row.date);
}
