import { DataSource } from 'typeorm';
import { newUser, TestUser } from 'test/support/auth';
import { insertFxRates } from 'test/support/expenses';
import { call, categoriesOf, createExpense } from 'test/support/expenses-api';
import { expectProblem } from 'test/support/problem';
import { startTestApp, TestApp } from 'test/support/test-app';

interface Money {
  amount: string;
  currency: string;
}

interface SummaryBody {
  groupBy: string;
  currency: string;
  period: { from: string; to: string };
  previousPeriod: { from: string; to: string };
  total: Money;
  count: number;
  previousTotal: Money;
  previousCount: number;
  change: { amount: Money; percent: string | null };
  unconverted: { count: number; previousCount: number };
  groups: {
    key: string | null;
    label: string | null;
    previousKey: string | null;
    parentKey: string | null;
    parentLabel: string | null;
    total: Money;
    count: number;
    previousTotal: Money;
    previousCount: number;
    change: { amount: Money; percent: string | null };
  }[];
  groupCount: number;
}

const SUMMARY = '/api/v1/expenses/summary';
const MARCH = 'from=2026-03-01&to=2026-03-31';

describe('expense summaries', () => {
  let ctx: TestApp;
  let ann: TestUser;
  let bob: TestUser;
  let groceries: string;
  let bobGroceries: string;

  const summary = async (query: string, caller: TestUser = ann): Promise<SummaryBody> => {
    const response = await call(ctx, caller, 'GET', `${SUMMARY}?${query}`);
    expect({ status: response.statusCode, body: response.body }).toMatchObject({ status: 200 });
    return response.json<SummaryBody>();
  };

  beforeAll(async () => {
    ctx = await startTestApp();
    await insertFxRates(ctx.app.get(DataSource), { '2026-03-02': { USD: '1.0800' } });
    ann = await newUser(ctx);
    bob = await newUser(ctx);
    groceries = (await categoriesOf(ctx, ann)).get('groceries')!.id;
    bobGroceries = (await categoriesOf(ctx, bob)).get('groceries')!.id;
    const expenses: [string, string, string, string[]][] = [
      // date, amount, currency, tags
      ['2026-03-02', '12.50', 'EUR', ['market']],
      ['2026-03-06', '21.60', 'USD', ['market', 'trip']],
      ['2026-02-10', '10.00', 'EUR', []],
      ['1998-03-02', '5.00', 'USD', []],
    ];
    for (const [date, amount, currency, tags] of expenses) {
      await createExpense(ctx, ann, {
        amount: { amount, currency },
        date,
        categoryId: groceries,
        tags,
        payee: 'Market Hall',
      });
    }
    await createExpense(ctx, bob, {
      amount: { amount: '999.00', currency: 'EUR' },
      date: '2026-03-03',
      categoryId: bobGroceries,
      tags: ['market'],
      payee: 'Market Hall',
    });
  });

  afterAll(async () => {
    await ctx.close();
  });

  it('answers totals in the base currency beside the previous month, as money JSON', async () => {
    const body = await summary(MARCH);
    expect(body).toEqual({
      groupBy: 'category',
      currency: 'EUR',
      period: { from: '2026-03-01', to: '2026-03-31' },
      previousPeriod: { from: '2026-02-01', to: '2026-02-28' },
      total: { amount: '32.50', currency: 'EUR' },
      count: 2,
      previousTotal: { amount: '10.00', currency: 'EUR' },
      previousCount: 1,
      change: { amount: { amount: '22.50', currency: 'EUR' }, percent: '225.00' },
      unconverted: { count: 0, previousCount: 0 },
      groups: [
        {
          key: groceries,
          label: 'Groceries',
          previousKey: groceries,
          parentKey: null,
          parentLabel: null,
          total: { amount: '32.50', currency: 'EUR' },
          count: 2,
          previousTotal: { amount: '10.00', currency: 'EUR' },
          previousCount: 1,
          change: { amount: { amount: '22.50', currency: 'EUR' }, percent: '225.00' },
        },
      ],
      groupCount: 1,
    });
  });

  it('counts an expense without a rate apart instead of converting it', async () => {
    const body = await summary('from=1998-03-01&to=1998-03-31');
    expect(body.total).toEqual({ amount: '0.00', currency: 'EUR' });
    expect(body.count).toBe(0);
    expect(body.unconverted).toEqual({ count: 1, previousCount: 0 });
    expect(body.groups).toEqual([]);
    expect(body.change.percent).toBeNull();
  });

  it.each([
    // February's untagged expense makes a group of its own, at zero this month.
    ['tag', ['market', 'trip', null]],
    ['payee', ['Market Hall']],
    ['subcategory', ['Groceries']],
  ])('groups by %s', async (groupBy, labels) => {
    const body = await summary(`${MARCH}&groupBy=${groupBy}`);
    expect(body.groupBy).toBe(groupBy);
    expect(body.groups.map((group) => group.label)).toEqual(labels);
  });

  it('groups by month with every month of the range', async () => {
    const body = await summary('from=2026-02-01&to=2026-04-30&groupBy=month');
    expect(body.groups.map((group) => [group.key, group.previousKey, group.total.amount])).toEqual([
      ['2026-02', '2025-11', '10.00'],
      ['2026-03', '2025-12', '32.50'],
      ['2026-04', '2026-01', '0.00'],
    ]);
  });

  it('filters like the list: category, tag and currency', async () => {
    expect((await summary(`${MARCH}&categoryId=${groceries}`)).total.amount).toBe('32.50');
    expect((await summary(`${MARCH}&tag=TRIP`)).total.amount).toBe('20.00');
    expect((await summary(`${MARCH}&currency=USD`)).total.amount).toBe('20.00');
  });

  it('never shows another user’s expenses, whatever the filter', async () => {
    expect((await summary(`${MARCH}&groupBy=payee`)).total.amount).toBe('32.50');
    const foreign = await summary(`${MARCH}&categoryId=${bobGroceries}`);
    expect(foreign).toMatchObject({ total: { amount: '0.00' }, count: 0, groups: [] });
    const bobs = await summary(`${MARCH}&groupBy=tag`, bob);
    expect(bobs.total.amount).toBe('999.00');
    expect(bobs.groups.map((group) => group.total.amount)).toEqual(['999.00']);
  });

  it.each([
    ['no from', 'to=2026-03-31'],
    ['no to', 'from=2026-03-01'],
    ['an impossible from', 'from=2026-02-30&to=2026-03-31'],
    ['a from without dashes', 'from=20260301&to=2026-03-31'],
    ['two froms', 'from=2026-03-01&from=2026-03-02&to=2026-03-31'],
    ['an impossible to', 'from=2026-03-01&to=2026-03-32'],
    ['to before from', 'from=2026-03-02&to=2026-03-01'],
    ['a from out of range', 'from=1899-12-31&to=1900-01-31'],
    ['a to out of range', 'from=2100-12-01&to=2101-01-01'],
    ['a range of more than ten years', 'from=2016-01-01&to=2026-01-01'],
    ['an unknown groupBy', `${MARCH}&groupBy=week`],
    ['an empty groupBy', `${MARCH}&groupBy=`],
    ['groupBy=month over part of a month', 'from=2026-03-01&to=2026-03-30&groupBy=month'],
    ['groupBy=month from mid-month', 'from=2026-03-02&to=2026-04-30&groupBy=month'],
    ['limit 0', `${MARCH}&limit=0`],
    ['limit 501', `${MARCH}&limit=501`],
    ['a limit that is not a number', `${MARCH}&limit=all`],
    ['a category that is not a uuid', `${MARCH}&categoryId=groceries`],
    ['a tag with a comma', `${MARCH}&tag=a,b`],
    ['two tags', `${MARCH}&tag=a&tag=b`],
    ['a lower-case currency', `${MARCH}&currency=usd`],
    ['an unknown currency', `${MARCH}&currency=ABC`],
    ['an amount filter the summary does not take', `${MARCH}&minAmount=10`],
    ['an unknown parameter', `${MARCH}&colour=red`],
  ])('refuses %s with 400 problem+json', async (_name, query) => {
    const response = await call(ctx, ann, 'GET', `${SUMMARY}?${query}`);
    const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(Array.isArray(problem.errors)).toBe(true);
  });

  it('accepts exactly ten years', async () => {
    const body = await summary('from=2016-01-01&to=2025-12-31&groupBy=month');
    expect(body.groups).toHaveLength(120);
    expect(body.previousPeriod).toEqual({ from: '2006-01-01', to: '2015-12-31' });
  });

  describe('access', () => {
    async function apiKey(scopes: string[]): Promise<{ headers: Record<string, string> }> {
      const response = await call(ctx, ann, 'POST', '/api/v1/me/api-keys', {
        name: scopes.join(' '),
        scopes,
      });
      expect(response.statusCode).toBe(201);
      return { headers: { 'x-api-key': response.json<{ key: string }>().key } };
    }

    it('lets an API key with expenses:read summarise its user’s expenses', async () => {
      const reader = await apiKey(['expenses:read']);
      const response = await call(ctx, reader, 'GET', `${SUMMARY}?${MARCH}`);
      expect(response.statusCode).toBe(200);
      expect(response.json<SummaryBody>().total.amount).toBe('32.50');
    });

    it('refuses an API key without expenses:read', async () => {
      const writer = await apiKey(['expenses:write']);
      expectProblem(
        await call(ctx, writer, 'GET', `${SUMMARY}?${MARCH}`),
        403,
        'INSUFFICIENT_SCOPE',
      );
    });

    it('refuses anonymous callers', async () => {
      expectProblem(
        await ctx.inject({ method: 'GET', url: `${SUMMARY}?${MARCH}` }),
        401,
        'UNAUTHENTICATED',
      );
    });
  });
});
