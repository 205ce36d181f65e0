import { DataSource } from 'typeorm';
import { newUser, TestUser } from 'test/support/auth';
import { insertFxRates } from 'test/support/expenses';
import { call, categoriesOf, createExpense, ExpenseBody } from 'test/support/expenses-api';
import { expectProblem } from 'test/support/problem';
import { startTestApp, TestApp } from 'test/support/test-app';

describe('expense list: filters, sort, cursor pagination', () => {
  let ctx: TestApp;
  let lena: TestUser;
  let other: TestUser;
  let food: string;
  let coffee: string;
  let transport: string;
  /** Payee → id. */
  const ids = new Map<string, string>();

  const list = async (query: string, caller: TestUser = lena): Promise<ExpenseBody[]> => {
    const response = await call(ctx, caller, 'GET', `/api/v1/expenses?limit=100&${query}`);
    expect(response.statusCode).toBe(200);
    return response.json<{ data: ExpenseBody[] }>().data;
  };
  const payees = async (query: string): Promise<(string | null)[]> =>
    (await list(query)).map((expense) => expense.payee);

  beforeAll(async () => {
    ctx = await startTestApp();
    await insertFxRates(ctx.app.get(DataSource), { '2026-03-02': { JPY: '162.50' } });
    lena = await newUser(ctx);
    other = await newUser(ctx);
    const categories = await categoriesOf(ctx, lena);
    transport = categories.get('transport')!.id;
    food = (await call(ctx, lena, 'POST', '/api/v1/expense-categories', { name: 'Food' })).json<{
      id: string;
    }>().id;
    coffee = (
      await call(ctx, lena, 'POST', '/api/v1/expense-categories', {
        name: 'Coffee',
        parentId: food,
      })
    ).json<{ id: string }>().id;

    const expenses: [string, string, string, string, string, string[], string?, string?][] = [
      // payee, date, amount, currency, category, tags, note, fxRate
      ['Blue Bottle Coffee', '2026-01-05', '3.50', 'EUR', coffee, ['coffee']],
      ['Supermarket', '2026-01-10', '45.00', 'EUR', food, ['groceries'], 'weekly shop'],
      ['Yellow Cab', '2026-02-01', '21.60', 'USD', transport, ['travel'], undefined, '0.9'],
      ['Chez Marie', '2026-02-14', '80.00', 'EUR', food, ['dinner', 'date night'], 'birthday'],
      ['JR East', '2026-03-02', '1000', 'JPY', transport, ['travel']],
      ['Old Taxi', '1998-01-01', '10.00', 'USD', transport, []],
      ['Corner Cafe', '2026-01-05', '3.50', 'EUR', coffee, ['coffee']],
    ];
    for (const [payee, date, amount, currency, categoryId, tags, note, fxRate] of expenses) {
      const expense = await createExpense(ctx, lena, {
        amount: { amount, currency },
        date,
        categoryId,
        tags,
        payee,
        ...(note ? { note } : {}),
        ...(fxRate ? { fxRate } : {}),
      });
      ids.set(payee, expense.id);
    }
    const otherCategory = (await categoriesOf(ctx, other)).get('transport')!.id;
    await createExpense(ctx, other, {
      amount: { amount: '99.00', currency: 'EUR' },
      date: '2026-01-05',
      categoryId: otherCategory,
      payee: 'Blue Bottle Coffee',
    });
  });

  afterAll(async () => {
    await ctx.close();
  });

  it('lists the caller’s expenses newest first by default, ties by id', async () => {
    const rows = await list('');
    expect(rows.map((row) => row.date)).toEqual([
      '2026-03-02',
      '2026-02-14',
      '2026-02-01',
      '2026-01-10',
      '2026-01-05',
      '2026-01-05',
      '1998-01-01',
    ]);
    const tied = rows.filter((row) => row.date === '2026-01-05').map((row) => row.id);
    expect(tied).toEqual([...tied].sort().reverse());
  });

  it.each([
    [
      'from and to (inclusive)',
      'from=2026-01-10&to=2026-02-14',
      ['Chez Marie', 'Yellow Cab', 'Supermarket'],
    ],
    [
      'a category with its sub-categories',
      `categoryId=${'FOOD'}`,
      ['Chez Marie', 'Supermarket', 'Blue Bottle Coffee', 'Corner Cafe'],
    ],
    ['a sub-category alone', `categoryId=${'COFFEE'}`, ['Blue Bottle Coffee', 'Corner Cafe']],
    ['a tag, whatever its case', 'tag=TRAVEL', ['JR East', 'Yellow Cab']],
    ['a tag with a space', 'tag=date%20night', ['Chez Marie']],
    ['words in the payee, as prefixes', 'q=blue%20bot', ['Blue Bottle Coffee']],
    ['words in the note', 'q=Weekly', ['Supermarket']],
    ['text in either field', 'q=coffee', ['Blue Bottle Coffee']],
    [
      'the base amount range (inclusive)',
      'minAmount=19.44&maxAmount=45',
      ['Yellow Cab', 'Supermarket'],
    ],
    ['a minimum alone', 'minAmount=50', ['Chez Marie']],
    ['the currency paid in', 'currency=USD', ['Yellow Cab', 'Old Taxi']],
    ['several filters at once', 'currency=EUR&from=2026-01-06&tag=dinner', ['Chez Marie']],
  ])('filters by %s', async (_name, query, expected) => {
    const resolved = query.replace('FOOD', food).replace('COFFEE', coffee);
    const found = await payees(resolved);
    expect([...found].sort()).toEqual([...expected].sort());
  });

  it('matches nothing for a category that is not the caller’s', async () => {
    const foreign = (await categoriesOf(ctx, other)).get('transport')!.id;
    expect(await list(`categoryId=${foreign}`)).toEqual([]);
    expect(await list('categoryId=00000000-0000-4000-8000-000000000000')).toEqual([]);
  });

  it('sorts by base amount both ways, with the expense lacking one last', async () => {
    const ascending = await list('sort=amount&order=asc');
    expect(ascending.map((row) => row.baseAmount?.amount ?? null)).toEqual([
      '3.50',
      '3.50',
      '6.15',
      '19.44',
      '45.00',
      '80.00',
      null,
    ]);
    const descending = await list('sort=amount&order=desc');
    expect(descending.map((row) => row.baseAmount?.amount ?? null)).toEqual([
      '80.00',
      '45.00',
      '19.44',
      '6.15',
      '3.50',
      '3.50',
      null,
    ]);
  });

  it('sorts by creation time, ties by id', async () => {
    const rows = await list('sort=createdAt&order=asc');
    expect(rows).toHaveLength(7);
    const keys = rows.map((row) => `${row.createdAt} ${row.id}`);
    expect(keys).toEqual([...keys].sort());
    // Written one after the other: the first and the last created are at the ends.
    expect(rows[0].payee).toBe('Blue Bottle Coffee');
    expect(rows[6].payee).toBe('Corner Cafe');
  });

  it.each([
    ['date', 'desc'],
    ['date', 'asc'],
    ['amount', 'asc'],
    ['amount', 'desc'],
    ['createdAt', 'desc'],
    ['createdAt', 'asc'],
  ])(
    'pages through sort=%s order=%s with cursors: every row once, in order',
    async (sort, order) => {
      const all = (await list(`sort=${sort}&order=${order}`)).map((row) => row.id);
      for (const limit of [1, 2, 3]) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const url: string =
            `/api/v1/expenses?sort=${sort}&order=${order}&limit=${limit}` +
            (cursor ? `&cursor=${encodeURIComponent(cursor)}` : '');
          const response = await call(ctx, lena, 'GET', url);
          expect(response.statusCode).toBe(200);
          const page = response.json<{ data: ExpenseBody[]; nextCursor: string | null }>();
          expect(page.data.length).toBeLessThanOrEqual(limit);
          seen.push(...page.data.map((row) => row.id));
          cursor = page.nextCursor;
        } while (cursor !== null);
        expect(seen).toEqual(all);
      }
    },
  );

  it('pages a filtered list', async () => {
    const first = await call(ctx, lena, 'GET', `/api/v1/expenses?categoryId=${food}&limit=2`);
    const page = first.json<{ data: ExpenseBody[]; nextCursor: string }>();
    expect(page.data.map((row) => row.payee)).toEqual(['Chez Marie', 'Supermarket']);
    const second = await call(
      ctx,
      lena,
      'GET',
      `/api/v1/expenses?categoryId=${food}&limit=2&cursor=${page.nextCursor}`,
    );
    const rest = second.json<{ data: ExpenseBody[]; nextCursor: string | null }>();
    expect(rest.data).toHaveLength(2);
    expect(rest.nextCursor).toBeNull();
  });

  it.each([
    ['an impossible from', 'from=2026-02-30'],
    ['a from without dashes', 'from=20260101'],
    ['to before from', 'from=2026-03-01&to=2026-02-01'],
    ['a date out of range', 'to=2201-01-01'],
    ['limit 0', 'limit=0'],
    ['limit 101', 'limit=101'],
    ['a limit that is not a number', 'limit=lots'],
    ['an unknown sort', 'sort=payee'],
    ['an unknown order', 'order=up'],
    ['a negative minimum', 'minAmount=-1'],
    ['a minimum that is not a decimal', 'minAmount=ten'],
    ['a minimum with 5 decimals', 'minAmount=1.00001'],
    ['a maximum below the minimum', 'minAmount=50&maxAmount=10'],
    ['a lower-case currency', 'currency=usd'],
    ['an unknown currency', 'currency=ABC'],
    ['a category that is not a uuid', 'categoryId=food'],
    ['a tag with a comma', 'tag=a,b'],
    ['two tags', 'tag=a&tag=b'],
    ['an empty search', 'q='],
    ['a search without words', 'q=%21%21%21'],
    ['a search of 101 characters', `q=${'a'.repeat(101)}`],
    ['a cursor that is not one', 'cursor=not-a-cursor'],
    ['an unknown parameter', 'colour=red'],
  ])('refuses %s with 400 problem+json', async (_name, query) => {
    const response = await call(ctx, lena, 'GET', `/api/v1/expenses?${query}`);
    const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(Array.isArray(problem.errors)).toBe(true);
  });

  it('refuses a cursor of another sort or order', async () => {
    const page = (await call(ctx, lena, 'GET', '/api/v1/expenses?limit=1')).json<{
      nextCursor: string;
    }>();
    for (const other of ['sort=amount', 'order=asc', 'sort=createdAt']) {
      const response = await call(
        ctx,
        lena,
        'GET',
        `/api/v1/expenses?limit=1&${other}&cursor=${page.nextCursor}`,
      );
      expectProblem(response, 400, 'VALIDATION_FAILED');
    }
  });

  it('never shows another user’s rows, whatever the filter', async () => {
    expect(await payees('q=blue')).toEqual(['Blue Bottle Coffee']);
    expect((await list('q=blue', other)).map((row) => row.amount.amount)).toEqual(['99.00']);
  });
});
