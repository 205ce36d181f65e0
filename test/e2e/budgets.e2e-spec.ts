import { DataSource } from 'typeorm';
import { newUser, TestUser } from 'test/support/auth';
import { describeOwnedResource } from 'test/support/describe-owned-resource';
import { auditActions, countRows, insertFxRates } from 'test/support/expenses';
import { call, Caller, categoriesOf, createExpense } from 'test/support/expenses-api';
import { expectProblem } from 'test/support/problem';
import { startTestApp, TestApp } from 'test/support/test-app';

interface BudgetBody {
  id: string;
  version: number;
  name: string | null;
  categoryId: string | null;
  amount: { amount: string; currency: string };
  rollover: string;
  startMonth: string;
  endMonth: string | null;
  createdAt: string;
  updatedAt: string;
}

interface StatusBody {
  budgetId: string;
  period: string;
  budgeted: { amount: string; currency: string } | null;
  rolledOver: { amount: string; currency: string } | null;
  available: { amount: string; currency: string } | null;
  spent: { amount: string; currency: string };
  remaining: { amount: string; currency: string } | null;
  percentUsed: string | null;
  projected: { amount: string; currency: string };
  unconvertedExpenses: number;
  unconvertedExpensesBefore: number;
  currencyMismatch: boolean;
}

const thisMonth = (): string => new Date().toISOString().slice(0, 7);

describe('budgets', () => {
  let ctx: TestApp;
  let dataSource: DataSource;
  let ann: TestUser;
  let bob: TestUser;
  let annCategories: Map<string, { id: string }>;

  const budgetsOf = async (user: TestUser): Promise<number> => {
    const [row] = await dataSource.query<{ count: number }[]>(
      'SELECT count(*)::int AS count FROM budgets WHERE user_id = $1',
      [user.id],
    );
    return row.count;
  };

  async function createBudget(caller: Caller, body: Record<string, unknown>): Promise<BudgetBody> {
    const response = await call(ctx, caller, 'POST', '/api/v1/budgets', body);
    if (response.statusCode !== 201) {
      throw new Error(`budget: ${response.statusCode} ${response.body}`);
    }
    return response.json<BudgetBody>();
  }

  beforeAll(async () => {
    ctx = await startTestApp();
    dataSource = ctx.app.get(DataSource);
    ann = await newUser(ctx);
    bob = await newUser(ctx);
    annCategories = await categoriesOf(ctx, ann);
  });

  afterAll(async () => {
    await ctx.close();
  });

  describeOwnedResource('budgets', () => ctx, {
    basePath: '/api/v1/budgets',
    table: 'budgets',
    scopes: { read: 'expenses:read', write: 'expenses:write' },
    createBody: () => Promise.resolve({ amount: { amount: '50.00', currency: 'EUR' } }),
    patchBody: { name: 'Everything' },
    textField: 'name',
  });

  describe('create and read', () => {
    it('creates an overall budget from the current month, open-ended, without rollover', async () => {
      const response = await call(ctx, ann, 'POST', '/api/v1/budgets', {
        amount: { amount: '1500', currency: 'EUR' },
      });
      expect(response.statusCode).toBe(201);
      const body = response.json<BudgetBody>();
      expect(response.headers.etag).toBe('W/"1"');
      expect(body).toMatchObject({
        version: 1,
        name: null,
        categoryId: null,
        amount: { amount: '1500.00', currency: 'EUR' },
        rollover: 'none',
        startMonth: thisMonth(),
        endMonth: null,
      });
      const read = await call(ctx, ann, 'GET', `/api/v1/budgets/${body.id}`);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual(body);
      expect(read.headers.etag).toBe('W/"1"');
      expect(await auditActions(ctx, { resourceId: body.id })).toEqual(['budget.created']);
    });

    it('creates category budgets, on a top-level category and on a sub-category', async () => {
      const dining = annCategories.get('dining')!.id;
      const top = await createBudget(ann, {
        name: '  Eating   out ',
        categoryId: dining,
        amount: { amount: '200.5', currency: 'EUR' },
        rollover: 'carry_remaining',
        startMonth: '2026-01',
        endMonth: '2026-12',
      });
      expect(top).toMatchObject({
        name: 'Eating out',
        categoryId: dining,
        amount: { amount: '200.50', currency: 'EUR' },
        rollover: 'carry_remaining',
        startMonth: '2026-01',
        endMonth: '2026-12',
      });
      const coffee = await call(ctx, ann, 'POST', '/api/v1/expense-categories', {
        name: 'Coffee',
        parentId: dining,
      });
      const sub = await createBudget(ann, {
        categoryId: coffee.json<{ id: string }>().id,
        amount: { amount: '30.00', currency: 'EUR' },
        rollover: 'carry_both',
        startMonth: '2026-01',
      });
      expect(sub).toMatchObject({ rollover: 'carry_both', endMonth: null });
    });

    it('allows one budget per category (and one overall) for any month, before and after', async () => {
      const carol = await newUser(ctx);
      const groceries = (await categoriesOf(ctx, carol)).get('groceries')!.id;
      const first = await createBudget(carol, {
        categoryId: groceries,
        amount: { amount: '100.00', currency: 'EUR' },
        startMonth: '2026-01',
        endMonth: '2026-06',
      });
      for (const months of [
        { startMonth: '2026-06', endMonth: '2026-12' },
        { startMonth: '2025-01', endMonth: '2026-01' },
        { startMonth: '2025-01' },
      ]) {
        const overlapping = await call(ctx, carol, 'POST', '/api/v1/budgets', {
          categoryId: groceries,
          amount: { amount: '100.00', currency: 'EUR' },
          ...months,
        });
        const problem = expectProblem(overlapping, 409, 'ALREADY_EXISTS');
        expect(problem.detail).toContain(first.id);
      }
      await createBudget(carol, {
        categoryId: groceries,
        amount: { amount: '120.00', currency: 'EUR' },
        startMonth: '2026-07',
      });
      await createBudget(carol, { amount: { amount: '900.00', currency: 'EUR' } });
      expectProblem(
        await call(ctx, carol, 'POST', '/api/v1/budgets', {
          amount: { amount: '800.00', currency: 'EUR' },
          startMonth: '2030-01',
        }),
        409,
        'ALREADY_EXISTS',
      );
      expect(await budgetsOf(carol)).toBe(3);
    });

    it('keeps the one-per-category rule when two creates race', async () => {
      const jane = await newUser(ctx);
      const utilities = (await categoriesOf(ctx, jane)).get('utilities')!.id;
      const body = { categoryId: utilities, amount: { amount: '80.00', currency: 'EUR' } };
      const responses = await Promise.all(
        Array.from({ length: 4 }, () => call(ctx, jane, 'POST', '/api/v1/budgets', body)),
      );
      expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409, 409, 409]);
      expect(await budgetsOf(jane)).toBe(1);
    });

    it(`refuses a user's 101st budget`, async () => {
      const dave = await newUser(ctx);
      await dataSource.query(
        `INSERT INTO budgets (user_id, amount, currency, rollover, start_month, end_month)
         SELECT $1, 10, 'EUR', 'none', m, m
         FROM generate_series('2000-01-01'::date, '2008-03-01'::date, '1 month') AS m`,
        [dave.id],
      );
      expect(await budgetsOf(dave)).toBe(99);
      await createBudget(dave, {
        amount: { amount: '1.00', currency: 'EUR' },
        startMonth: '2020-01',
      });
      expectProblem(
        await call(ctx, dave, 'POST', '/api/v1/budgets', {
          amount: { amount: '1.00', currency: 'EUR' },
          startMonth: '2021-01',
        }),
        422,
        'UNPROCESSABLE',
      );
      expect(await budgetsOf(dave)).toBe(100);
    });
  });

  describe('bad input on create: 4xx problem+json and nothing written', () => {
    const valid = (): Record<string, unknown> => ({
      name: 'Food',
      categoryId: annCategories.get('groceries')!.id,
      amount: { amount: '300.00', currency: 'EUR' },
      rollover: 'carry_both',
      startMonth: '2026-02',
      endMonth: '2026-12',
    });

    const cases: [string, (body: Record<string, unknown>) => void, number, string][] = [
      ['no amount', (b) => delete b.amount, 400, 'VALIDATION_FAILED'],
      ['an amount that is a string', (b) => (b.amount = '300.00'), 400, 'VALIDATION_FAILED'],
      ['an amount that is null', (b) => (b.amount = null), 400, 'VALIDATION_FAILED'],
      [
        'a JSON number',
        (b) => (b.amount = { amount: 300, currency: 'EUR' }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a zero amount',
        (b) => (b.amount = { amount: '0', currency: 'EUR' }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a negative amount',
        (b) => (b.amount = { amount: '-1.00', currency: 'EUR' }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'three decimals in EUR',
        (b) => (b.amount = { amount: '1.005', currency: 'EUR' }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'an exponent',
        (b) => (b.amount = { amount: '1e3', currency: 'EUR' }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'thirteen integer digits',
        (b) => (b.amount = { amount: '1234567890123', currency: 'EUR' }),
        400,
        'VALIDATION_FAILED',
      ],
      ['no currency', (b) => (b.amount = { amount: '1.00' }), 400, 'VALIDATION_FAILED'],
      [
        'an unknown currency',
        (b) => (b.amount = { amount: '1.00', currency: 'XYZ' }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a lower-case currency',
        (b) => (b.amount = { amount: '1.00', currency: 'eur' }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a currency that is not the base currency',
        (b) => (b.amount = { amount: '1.00', currency: 'USD' }),
        422,
        'UNPROCESSABLE',
      ],
      [
        'an unknown field in the amount',
        (b) => (b.amount = { amount: '1.00', currency: 'EUR', x: 1 }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a category that is not a uuid',
        (b) => (b.categoryId = 'groceries'),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a category that does not exist',
        (b) => (b.categoryId = '00000000-0000-4000-8000-000000000000'),
        422,
        'REFERENCED_RESOURCE_NOT_FOUND',
      ],
      ['an empty name', (b) => (b.name = ''), 400, 'VALIDATION_FAILED'],
      ['a blank name', (b) => (b.name = '   '), 400, 'VALIDATION_FAILED'],
      ['a name of 101 characters', (b) => (b.name = 'n'.repeat(101)), 400, 'VALIDATION_FAILED'],
      ['a name that is a number', (b) => (b.name = 7), 400, 'VALIDATION_FAILED'],
      ['a name with a control character', (b) => (b.name = 'Fo\u0007od'), 400, 'VALIDATION_FAILED'],
      ['an unknown rollover', (b) => (b.rollover = 'sometimes'), 400, 'VALIDATION_FAILED'],
      ['a null rollover', (b) => (b.rollover = null), 400, 'VALIDATION_FAILED'],
      ['month 13', (b) => (b.startMonth = '2026-13'), 400, 'VALIDATION_FAILED'],
      ['month 00', (b) => (b.startMonth = '2026-00'), 400, 'VALIDATION_FAILED'],
      ['a month without its zero', (b) => (b.startMonth = '2026-3'), 400, 'VALIDATION_FAILED'],
      ['a day instead of a month', (b) => (b.startMonth = '2026-03-01'), 400, 'VALIDATION_FAILED'],
      ['a month as a number', (b) => (b.startMonth = 202603), 400, 'VALIDATION_FAILED'],
      ['a null start month', (b) => (b.startMonth = null), 400, 'VALIDATION_FAILED'],
      ['the year 1899', (b) => (b.startMonth = '1899-12'), 400, 'VALIDATION_FAILED'],
      ['the year 2101', (b) => (b.endMonth = '2101-01'), 400, 'VALIDATION_FAILED'],
      ['an end before the start', (b) => (b.endMonth = '2026-01'), 400, 'VALIDATION_FAILED'],
      ['an impossible end month', (b) => (b.endMonth = '2026-14'), 400, 'VALIDATION_FAILED'],
      ['an unknown field', (b) => (b.colour = 'red'), 400, 'VALIDATION_FAILED'],
      ['a version', (b) => (b.version = 2), 400, 'VALIDATION_FAILED'],
    ];

    it.each(cases)('refuses %s', async (_name, spoil, status, code) => {
      const body = valid();
      spoil(body);
      const before = await budgetsOf(ann);
      const auditBefore = await countRows(ctx, 'audit_events');
      const response = await call(ctx, ann, 'POST', '/api/v1/budgets', body);
      const problem = expectProblem(response, status, code);
      expect(Array.isArray(problem.errors)).toBe(true);
      expect(await budgetsOf(ann)).toBe(before);
      expect(await countRows(ctx, 'audit_events')).toBe(auditBefore);
    });

    it('refuses an end month before the default start month (the current one)', async () => {
      const before = await budgetsOf(ann);
      const response = await call(ctx, ann, 'POST', '/api/v1/budgets', {
        categoryId: annCategories.get('health')!.id,
        amount: { amount: '10.00', currency: 'EUR' },
        endMonth: '2000-01',
      });
      const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(problem.errors).toEqual([{ field: 'endMonth', messages: [expect.any(String)] }]);
      expect(await budgetsOf(ann)).toBe(before);
    });

    it("refuses another user's category and an archived one", async () => {
      const bobCategory = (await categoriesOf(ctx, bob)).get('groceries')!.id;
      const before = await budgetsOf(ann);
      expectProblem(
        await call(ctx, ann, 'POST', '/api/v1/budgets', { ...valid(), categoryId: bobCategory }),
        422,
        'REFERENCED_RESOURCE_NOT_FOUND',
      );
      const archived = annCategories.get('education')!.id;
      await call(ctx, ann, 'PATCH', `/api/v1/expense-categories/${archived}`, { archived: true });
      expectProblem(
        await call(ctx, ann, 'POST', '/api/v1/budgets', { ...valid(), categoryId: archived }),
        422,
        'RESOURCE_ARCHIVED',
      );
      expect(await budgetsOf(ann)).toBe(before);
    });

    it('refuses a body that is not an object and a bad Idempotency-Key', async () => {
      const before = await budgetsOf(ann);
      expectProblem(
        await call(ctx, ann, 'POST', '/api/v1/budgets', [valid()]),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await call(ctx, ann, 'POST', '/api/v1/budgets', valid(), { 'idempotency-key': 'a key' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(await budgetsOf(ann)).toBe(before);
    });
  });

  describe('Idempotency-Key', () => {
    it('audits a create answered twice once', async () => {
      const erin = await newUser(ctx);
      const headers = { 'idempotency-key': 'budget-1' };
      const body = { amount: { amount: '50.00', currency: 'EUR' }, startMonth: '2026-02' };
      const first = await call(ctx, erin, 'POST', '/api/v1/budgets', body, headers);
      await call(ctx, erin, 'POST', '/api/v1/budgets', body, headers);
      expect(await auditActions(ctx, { resourceId: first.json<BudgetBody>().id })).toEqual([
        'budget.created',
      ]);
    });
  });

  describe('list', () => {
    let frank: TestUser;
    let created: BudgetBody[];

    beforeAll(async () => {
      frank = await newUser(ctx);
      const categories = await categoriesOf(ctx, frank);
      created = [];
      created.push(
        await createBudget(frank, {
          amount: { amount: '900.00', currency: 'EUR' },
          startMonth: '2026-01',
        }),
      );
      for (const [key, startMonth, endMonth] of [
        ['groceries', '2026-01', '2026-03'],
        ['dining', '2026-04', null],
        ['transport', '2025-06', null],
        ['health', '2026-02', '2026-02'],
      ] as const) {
        created.push(
          await createBudget(frank, {
            categoryId: categories.get(key)!.id,
            amount: { amount: '10.00', currency: 'EUR' },
            startMonth,
            endMonth,
          }),
        );
      }
    });

    const ids = async (query: string): Promise<string[]> => {
      const response = await call(ctx, frank, 'GET', `/api/v1/budgets?${query}`);
      expect(response.statusCode).toBe(200);
      return response.json<{ data: BudgetBody[] }>().data.map((budget) => budget.id);
    };

    it('walks every budget by cursor in creation order', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await call(ctx, frank, 'GET', `/api/v1/budgets?${query}`);
        expect(page.statusCode).toBe(200);
        const body = page.json<{ data: BudgetBody[]; nextCursor: string | null }>();
        expect(body.data.length).toBeLessThanOrEqual(2);
        seen.push(...body.data.map((budget) => budget.id));
        cursor = body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(created.map((budget) => budget.id));
    });

    it('filters by kind, category and the month covered', async () => {
      const [overall, groceries, dining, transport, health] = created.map((budget) => budget.id);
      expect(await ids('kind=overall')).toEqual([overall]);
      expect(await ids('kind=category')).toEqual([groceries, dining, transport, health]);
      expect(await ids(`categoryId=${created[2].categoryId}`)).toEqual([dining]);
      expect(await ids('activeIn=2026-02')).toEqual([overall, groceries, transport, health]);
      expect(await ids('activeIn=2026-05')).toEqual([overall, dining, transport]);
      expect(await ids('activeIn=2025-12&kind=category')).toEqual([transport]);
      expect(await ids('categoryId=00000000-0000-4000-8000-000000000000')).toEqual([]);
    });

    it.each([
      ['limit=0'],
      ['limit=101'],
      ['limit=ten'],
      ['cursor=not-a-cursor!'],
      [`cursor=${Buffer.from('["x","y"]').toString('base64url')}`],
      ['kind=some'],
      ['categoryId=groceries'],
      ['activeIn=2026-13'],
      ['activeIn=2026'],
      ['colour=red'],
    ])('refuses ?%s', async (query) => {
      expectProblem(
        await call(ctx, frank, 'GET', `/api/v1/budgets?${query}`),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('update', () => {
    let budget: BudgetBody;
    const url = () => `/api/v1/budgets/${budget.id}`;

    beforeAll(async () => {
      budget = await createBudget(ann, {
        name: 'Trips',
        categoryId: annCategories.get('travel')!.id,
        amount: { amount: '100.00', currency: 'EUR' },
        startMonth: '2026-03',
        endMonth: '2026-09',
      });
    });

    it.each([
      [{ amount: null }, 400, 'VALIDATION_FAILED'],
      [{ amount: { amount: '0', currency: 'EUR' } }, 400, 'VALIDATION_FAILED'],
      [{ amount: { amount: '1.001', currency: 'EUR' } }, 400, 'VALIDATION_FAILED'],
      [{ amount: { amount: '10', currency: 'USD' } }, 422, 'UNPROCESSABLE'],
      [{ rollover: null }, 400, 'VALIDATION_FAILED'],
      [{ rollover: 'always' }, 400, 'VALIDATION_FAILED'],
      [{ name: '' }, 400, 'VALIDATION_FAILED'],
      [{ name: 'x'.repeat(101) }, 400, 'VALIDATION_FAILED'],
      [{ startMonth: null }, 400, 'VALIDATION_FAILED'],
      [{ startMonth: '2026-10' }, 400, 'VALIDATION_FAILED'],
      [{ endMonth: '2026-02' }, 400, 'VALIDATION_FAILED'],
      [{ startMonth: '2026-05', endMonth: '2026-04' }, 400, 'VALIDATION_FAILED'],
      [{ endMonth: 'soon' }, 400, 'VALIDATION_FAILED'],
      // The category is what the budget is about: another category is another budget.
      [{ categoryId: '00000000-0000-4000-8000-000000000001' }, 400, 'VALIDATION_FAILED'],
      [{ version: 5 }, 400, 'VALIDATION_FAILED'],
    ])('refuses %j and changes nothing', async (update, status, code) => {
      const response = await call(ctx, ann, 'PATCH', url(), update, { 'if-match': 'W/"1"' });
      expectProblem(response, status, code);
      const read = await call(ctx, ann, 'GET', url());
      expect(read.json<BudgetBody>()).toEqual(budget);
      expect(await auditActions(ctx, { resourceId: budget.id })).toEqual(['budget.created']);
    });

    it('refuses months that would overlap another budget on the category (409)', async () => {
      const later = await createBudget(ann, {
        categoryId: annCategories.get('travel')!.id,
        amount: { amount: '10.00', currency: 'EUR' },
        startMonth: '2026-10',
      });
      expectProblem(
        await call(ctx, ann, 'PATCH', url(), { endMonth: null }, { 'if-match': 'W/"1"' }),
        409,
        'ALREADY_EXISTS',
      );
      expect((await call(ctx, ann, 'GET', url())).json<BudgetBody>().version).toBe(1);
      await call(ctx, ann, 'DELETE', `/api/v1/budgets/${later.id}`);
    });

    it('refuses a malformed If-Match, and applies a current one to every field', async () => {
      expectProblem(
        await call(ctx, ann, 'PATCH', url(), { name: 'a' }, { 'if-match': 'one' }),
        400,
        'VALIDATION_FAILED',
      );
      const unchanged = await call(ctx, ann, 'PATCH', url(), {}, { 'if-match': 'W/"1"' });
      expect(unchanged.json<BudgetBody>().version).toBe(1);

      const changed = await call(
        ctx,
        ann,
        'PATCH',
        url(),
        {
          name: null,
          amount: { amount: '120', currency: 'EUR' },
          rollover: 'carry_remaining',
          startMonth: '2026-02',
          endMonth: null,
        },
        { 'if-match': 'W/"1"' },
      );
      expect(changed.statusCode).toBe(200);
      expect(changed.headers.etag).toBe('W/"2"');
      expect(changed.json<BudgetBody>()).toMatchObject({
        version: 2,
        name: null,
        amount: { amount: '120.00', currency: 'EUR' },
        rollover: 'carry_remaining',
        startMonth: '2026-02',
        endMonth: null,
      });
      expectProblem(
        await call(ctx, ann, 'PATCH', url(), { name: 'b' }, { 'if-match': 'W/"1"' }),
        412,
        'PRECONDITION_FAILED',
      );
      expect(await auditActions(ctx, { resourceId: budget.id })).toEqual([
        'budget.created',
        'budget.updated',
      ]);
    });
  });

  describe('delete', () => {
    it('deletes with or without If-Match, refusing a stale one, and takes its alerts with it', async () => {
      const budget = await createBudget(ann, {
        categoryId: annCategories.get('gifts')!.id,
        amount: { amount: '10.00', currency: 'EUR' },
      });
      await dataSource.query(
        `INSERT INTO budget_alerts (budget_id, month, threshold, user_id, sent_at)
         VALUES ($1, '2026-01-01', 80, $2, now())`,
        [budget.id, ann.id],
      );
      const url = `/api/v1/budgets/${budget.id}`;
      expectProblem(
        await call(ctx, ann, 'DELETE', url, undefined, { 'if-match': 'W/"2"' }),
        412,
        'PRECONDITION_FAILED',
      );
      const deleted = await call(ctx, ann, 'DELETE', url, undefined, { 'if-match': 'W/"1"' });
      expect(deleted.statusCode).toBe(204);
      expect(deleted.body).toBe('');
      expectProblem(await call(ctx, ann, 'GET', url), 404, 'NOT_FOUND');
      expectProblem(await call(ctx, ann, 'DELETE', url), 404, 'NOT_FOUND');
      const [{ count }] = await dataSource.query<{ count: number }[]>(
        'SELECT count(*)::int AS count FROM budget_alerts WHERE budget_id = $1',
        [budget.id],
      );
      expect(count).toBe(0);
      expect(await auditActions(ctx, { resourceId: budget.id })).toEqual([
        'budget.created',
        'budget.deleted',
      ]);
    });
  });

  describe('ownership and access', () => {
    let annBudget: BudgetBody;

    beforeAll(async () => {
      annBudget = await createBudget(ann, {
        categoryId: annCategories.get('shopping')!.id,
        amount: { amount: '40.00', currency: 'EUR' },
        startMonth: '2026-01',
      });
    });

    it("answers 404 for another user's budget's status and lists none of it", async () => {
      const url = `/api/v1/budgets/${annBudget.id}`;
      expectProblem(await call(ctx, bob, 'GET', `${url}/status?month=2026-02`), 404, 'NOT_FOUND');
      const status = await call(ctx, bob, 'GET', '/api/v1/budgets/status?month=2026-02');
      expect(status.json<{ budgets: unknown[] }>().budgets).toEqual([]);
    });

    it('refuses a malformed id on every route', async () => {
      for (const [method, path] of [
        ['GET', '/api/v1/budgets/nope'],
        ['GET', '/api/v1/budgets/nope/status'],
        ['PATCH', '/api/v1/budgets/nope'],
        ['DELETE', '/api/v1/budgets/nope'],
      ] as const) {
        expectProblem(
          await call(ctx, ann, method, path, method === 'PATCH' ? {} : undefined, {
            'if-match': '*',
          }),
          400,
          'VALIDATION_FAILED',
        );
      }
    });

    it('lets expenses:read read the status routes, and neither expenses:write nor anyone anonymous', async () => {
      const key = async (scopes: string[]): Promise<Caller> => {
        const response = await call(ctx, ann, 'POST', '/api/v1/me/api-keys', {
          name: scopes.join(),
          scopes,
        });
        return { headers: { 'x-api-key': response.json<{ key: string }>().key } };
      };
      const reader = await key(['expenses:read']);
      const writer = await key(['expenses:write']);
      for (const path of [
        '/api/v1/budgets/status',
        `/api/v1/budgets/${annBudget.id}/status?month=2026-01`,
      ]) {
        expect({ path, status: (await call(ctx, reader, 'GET', path)).statusCode }).toEqual({
          path,
          status: 200,
        });
        expectProblem(await call(ctx, writer, 'GET', path), 403, 'INSUFFICIENT_SCOPE');
        expectProblem(await ctx.inject({ method: 'GET', url: path }), 401, 'UNAUTHENTICATED');
      }
    });
  });

  describe('status', () => {
    let gina: TestUser;
    let groceries: BudgetBody;
    let overall: BudgetBody;

    beforeAll(async () => {
      await insertFxRates(dataSource, {
        '2026-01-05': { USD: '1.2500', GBP: '0.8000' },
        '2026-02-02': { USD: '1.0000', GBP: '0.5000' },
      });
      gina = await newUser(ctx);
      const categories = await categoriesOf(ctx, gina);
      const groceriesId = categories.get('groceries')!.id;
      for (const [date, amount, currency, category] of [
        ['2026-01-05', '50.00', 'EUR', groceriesId],
        ['2026-01-06', '25.00', 'USD', groceriesId], // 20.00 EUR
        ['2026-02-03', '45.00', 'GBP', groceriesId], // 90.00 EUR
        ['2026-02-04', '10.00', 'USD', categories.get('dining')!.id], // 10.00 EUR
        ['2026-02-25', '10.00', 'USD', groceriesId], // no rate within 7 days: unconverted
      ]) {
        await createExpense(ctx, gina, {
          date,
          amount: { amount, currency },
          categoryId: category,
        });
      }
      groceries = await createBudget(gina, {
        categoryId: groceriesId,
        amount: { amount: '100.00', currency: 'EUR' },
        rollover: 'carry_both',
        startMonth: '2026-01',
      });
      overall = await createBudget(gina, {
        amount: { amount: '400.00', currency: 'EUR' },
        startMonth: '2026-02',
        endMonth: '2026-02',
      });
    });

    it('sums base amounts of mixed currencies per month, rolls over, and counts what has no rate', async () => {
      const before = new Date().toISOString().slice(0, 10);
      const response = await call(ctx, gina, 'GET', '/api/v1/budgets/status?month=2026-02');
      const after = new Date().toISOString().slice(0, 10);
      expect(response.statusCode).toBe(200);
      const body = response.json<{
        month: string;
        today: string;
        baseCurrency: string;
        budgets: StatusBody[];
      }>();
      expect(body).toMatchObject({ month: '2026-02', baseCurrency: 'EUR' });
      // Today is the UTC day of the server's clock (either side of a midnight during the call).
      expect([before, after]).toContain(body.today);
      const eur = (amount: string) => ({ amount, currency: 'EUR' });
      expect(body.budgets).toEqual([
        {
          budgetId: groceries.id,
          name: null,
          categoryId: groceries.categoryId,
          rollover: 'carry_both',
          month: '2026-02',
          period: 'past',
          budgeted: eur('100.00'),
          rolledOver: eur('30.00'),
          available: eur('130.00'),
          spent: eur('90.00'),
          remaining: eur('40.00'),
          percentUsed: '69.23',
          projected: eur('90.00'),
          unconvertedExpenses: 1,
          unconvertedExpensesBefore: 0,
          currencyMismatch: false,
        },
        {
          budgetId: overall.id,
          name: null,
          categoryId: null,
          rollover: 'none',
          month: '2026-02',
          period: 'past',
          budgeted: eur('400.00'),
          rolledOver: eur('0.00'),
          available: eur('400.00'),
          spent: eur('100.00'),
          remaining: eur('300.00'),
          percentUsed: '25.00',
          projected: eur('100.00'),
          unconvertedExpenses: 1,
          unconvertedExpensesBefore: 0,
          currencyMismatch: false,
        },
      ]);
      const one = await call(
        ctx,
        gina,
        'GET',
        `/api/v1/budgets/${groceries.id}/status?month=2026-02`,
      );
      expect(one.json()).toEqual(body.budgets[0]);
    });

    it('defaults to the current month', async () => {
      const body = (await call(ctx, gina, 'GET', '/api/v1/budgets/status')).json<{
        month: string;
        budgets: StatusBody[];
      }>();
      expect(body.month).toBe(thisMonth());
      expect(body.budgets.map((entry) => [entry.budgetId, entry.period])).toEqual([
        [groceries.id, 'current'],
      ]);
    });

    it.each([
      ['month=2026-13'],
      ['month=2026-3'],
      ['month=march'],
      ['month=1899-12'],
      ['month='],
      ['week=1'],
    ])('refuses ?%s', async (query) => {
      expectProblem(
        await call(ctx, gina, 'GET', `/api/v1/budgets/status?${query}`),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await call(ctx, gina, 'GET', `/api/v1/budgets/${groceries.id}/status?${query}`),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('refuses a month the budget does not cover', async () => {
      for (const month of ['2025-12', '2026-03']) {
        const problem = expectProblem(
          await call(ctx, gina, 'GET', `/api/v1/budgets/${overall.id}/status?month=${month}`),
          422,
          'UNPROCESSABLE',
        );
        expect(problem.errors).toEqual([
          { field: 'month', messages: ['month must be from 2026-02 to 2026-02'] },
        ]);
      }
    });
  });

  describe('base currency change', () => {
    it('re-bases budgets at the rate of the day, and flags those without a rate until a new amount', async () => {
      const hank = await newUser(ctx);
      const today = new Date().toISOString().slice(0, 10);
      await insertFxRates(dataSource, { [today]: { USD: '1.0800' } });
      const budget = await createBudget(hank, {
        amount: { amount: '100.00', currency: 'EUR' },
        startMonth: '2026-01',
      });

      const toDollars = await call(ctx, hank, 'PATCH', '/api/v1/me', { baseCurrency: 'USD' });
      expect(toDollars.statusCode).toBe(200);
      const rebased = (
        await call(ctx, hank, 'GET', `/api/v1/budgets/${budget.id}`)
      ).json<BudgetBody>();
      expect(rebased).toMatchObject({ version: 2, amount: { amount: '108.00', currency: 'USD' } });
      const [event] = await dataSource.query<{ details: { budgets: unknown } }[]>(
        `SELECT details FROM audit_events WHERE action = 'account.base_currency.changed'
         AND resource_id = $1 ORDER BY sequence DESC LIMIT 1`,
        [hank.id],
      );
      expect(event.details.budgets).toEqual({ rebased: 1, withoutRate: 0 });
      expect(
        (await call(ctx, hank, 'GET', `/api/v1/budgets/${budget.id}/status?month=2026-01`)).json(),
      ).toMatchObject({ budgeted: { amount: '108.00', currency: 'USD' }, currencyMismatch: false });

      // No reference rate for the Argentine peso: the budget keeps its dollars, flagged.
      expect(
        (await call(ctx, hank, 'PATCH', '/api/v1/me', { baseCurrency: 'ARS' })).statusCode,
      ).toBe(200);
      const kept = (
        await call(ctx, hank, 'GET', `/api/v1/budgets/${budget.id}`)
      ).json<BudgetBody>();
      expect(kept).toMatchObject({ version: 2, amount: { amount: '108.00', currency: 'USD' } });
      expect(
        (await call(ctx, hank, 'GET', `/api/v1/budgets/${budget.id}/status?month=2026-01`)).json(),
      ).toMatchObject({
        budgeted: null,
        rolledOver: null,
        available: null,
        remaining: null,
        percentUsed: null,
        spent: { amount: '0.00', currency: 'ARS' },
        currencyMismatch: true,
      });
      expectProblem(
        await call(ctx, hank, 'POST', '/api/v1/budgets', {
          amount: { amount: '5.00', currency: 'USD' },
          startMonth: '2030-01',
        }),
        422,
        'UNPROCESSABLE',
      );
      const fixed = await call(
        ctx,
        hank,
        'PATCH',
        `/api/v1/budgets/${budget.id}`,
        { amount: { amount: '150000.00', currency: 'ARS' } },
        { 'if-match': 'W/"2"' },
      );
      expect(fixed.json<BudgetBody>()).toMatchObject({
        version: 3,
        amount: { amount: '150000.00', currency: 'ARS' },
      });
      expect(
        (await call(ctx, hank, 'GET', `/api/v1/budgets/${budget.id}/status?month=2026-01`)).json(),
      ).toMatchObject({
        budgeted: { amount: '150000.00', currency: 'ARS' },
        currencyMismatch: false,
      });
    });
  });

  describe('the alert check after expense changes', () => {
    const queued = (userId: string): Promise<number> =>
      dataSource
        .query<{ count: number }[]>(
          `SELECT count(*)::int AS count FROM pgboss.job
           WHERE name = 'budgets.check-alerts' AND singleton_key = $1 AND state = 'created'`,
          [userId],
        )
        .then(([row]) => row.count);

    it('is queued once per user, only for users with a current budget, only when the write commits', async () => {
      const ivy = await newUser(ctx);
      const groceries = (await categoriesOf(ctx, ivy)).get('groceries')!.id;
      const expense = {
        date: '2026-03-02',
        amount: { amount: '5.00', currency: 'EUR' },
        categoryId: groceries,
      };
      await createExpense(ctx, ivy, expense);
      expect(await queued(ivy.id)).toBe(0);

      await createBudget(ivy, { amount: { amount: '100.00', currency: 'EUR' } });
      expect(await queued(ivy.id)).toBe(1);
      await createExpense(ctx, ivy, expense);
      await createExpense(ctx, ivy, expense);
      expect(await queued(ivy.id)).toBe(1);

      await dataSource.query(`DELETE FROM pgboss.job WHERE singleton_key = $1`, [ivy.id]);
      const failed = await call(ctx, ivy, 'POST', '/api/v1/expenses', {
        ...expense,
        categoryId: '00000000-0000-4000-8000-000000000000',
      });
      expect(failed.statusCode).toBe(422);
      expect(await queued(ivy.id)).toBe(0);
    });
  });
});
