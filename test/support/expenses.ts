import { DataSource } from 'typeorm';
import { TestApp } from 'test/support/test-app';

/** ECB-style rates (per 1 EUR) written straight into fx_rates: `{ '2026-03-02': { USD: '1.08' } }`. */
export async function insertFxRates(
  dataSource: DataSource,
  rates: Record<string, Record<string, string>>,
): Promise<void> {
  const rows = Object.entries(rates).flatMap(([date, byCurrency]) =>
    Object.entries(byCurrency).map(([currency, rate]) => ({ date, currency, rate })),
  );
  await dataSource.query(
    `INSERT INTO fx_rates (source, quote_currency, rate_date, rate, fetched_at)
     SELECT 'ECB', r.currency, r.rate_date, r.rate, now()
     FROM unnest($1::varchar[], $2::date[], $3::numeric[]) AS r(currency, rate_date, rate)
     ON CONFLICT (source, quote_currency, rate_date) DO UPDATE SET rate = EXCLUDED.rate`,
    [rows.map((r) => r.currency), rows.map((r) => r.date), rows.map((r) => r.rate)],
  );
}

/** Rows in a table, optionally for one user: "nothing written" is asserted by counting. */
export async function countRows(
  ctx: TestApp | DataSource,
  table:
    | 'expenses'
    | 'budgets'
    | 'expense_categories'
    | 'audit_events'
    | 'idempotency_records'
    | 'recurring_expenses'
    | 'recurring_expense_occurrences'
    | 'expense_imports'
    | 'expense_import_rows'
    | 'users'
    | 'api_keys',
  where = 'true',
  params: unknown[] = [],
): Promise<number> {
  const dataSource = ctx instanceof DataSource ? ctx : ctx.app.get(DataSource);
  const [row] = await dataSource.query<{ count: number }[]>(
    `SELECT count(*)::int AS count FROM ${table} WHERE ${where}`,
    params,
  );
  return row.count;
}

/** Audit events with this action (and resource, when given). */
export async function auditActions(
  ctx: TestApp,
  filter: { resourceId?: string; actionPrefix?: string } = {},
): Promise<string[]> {
  const rows = await ctx.app.get(DataSource).query<{ action: string }[]>(
    `SELECT action FROM audit_events
     WHERE ($1::text IS NULL OR resource_id = $1) AND ($2::text IS NULL OR action LIKE $2 || '%')
     ORDER BY sequence`,
    [filter.resourceId ?? null, filter.actionPrefix ?? null],
  );
  return rows.map((row) => row.action);
}
