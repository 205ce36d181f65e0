import { Response as InjectResponse } from 'light-my-request';
import { TestApp } from 'test/support/test-app';

export interface Caller {
  headers: Record<string, string>;
}

/** One request as `caller`, JSON in and out. */
export function call(
  ctx: TestApp,
  caller: Caller,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<InjectResponse> {
  return ctx.inject({
    method,
    url,
    headers: { ...caller.headers, ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

export interface CategoryBody {
  id: string;
  name: string;
  parentId: string | null;
  defaultKey: string | null;
  archived: boolean;
}

/** The caller's categories (the defaults appear on first use), by default key or name. */
export async function categoriesOf(
  ctx: TestApp,
  caller: Caller,
): Promise<Map<string, CategoryBody>> {
  const response = await call(ctx, caller, 'GET', '/api/v1/expense-categories?limit=100');
  if (response.statusCode !== 200) throw new Error(`categories: ${response.body}`);
  const { data } = response.json<{ data: CategoryBody[] }>();
  return new Map(data.map((category) => [category.defaultKey ?? category.name, category]));
}

export interface ExpenseBody {
  id: string;
  version: number;
  date: string;
  amount: { amount: string; currency: string };
  baseAmount: { amount: string; currency: string } | null;
  fx: {
    status: 'converted' | 'missing';
    baseCurrency: string;
    rate: string | null;
    rateDate: string | null;
    source: string | null;
    reason: string | null;
    detail: string | null;
  };
  categoryId: string;
  payee: string | null;
  note: string | null;
  tags: string[];
  vehicleId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Creates an expense and fails the test unless it is created. */
export async function createExpense(
  ctx: TestApp,
  caller: Caller,
  body: Record<string, unknown>,
): Promise<ExpenseBody> {
  const response = await call(ctx, caller, 'POST', '/api/v1/expenses', body);
  if (response.statusCode !== 201)
    throw new Error(`create: ${response.statusCode} ${response.body}`);
  return response.json<ExpenseBody>();
}
