import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { TransactionalEvents } from 'src/platform/events/transactional-events';
import { BaseCurrencyChanged } from 'src/modules/auth/users/users.events';
import { BaseAmountsService } from 'src/modules/expenses/base-amounts/base-amounts.service';
import { newUser, TestUser } from 'test/support/auth';
import { auditActions, countRows, insertFxRates } from 'test/support/expenses';
import {
  call,
  categoriesOf,
  CategoryBody,
  createExpense,
  ExpenseBody,
} from 'test/support/expenses-api';
import { describeOwnedResource } from 'test/support/describe-owned-resource';
import { expectProblem } from 'test/support/problem';
import { startTestApp, TestApp } from 'test/support/test-app';

describe('expenses', () => {
  let ctx: TestApp;
  let dataSource: DataSource;
  let ann: TestUser;
  let bob: TestUser;
  let annCategories: Map<string, CategoryBody>;
  let groceries: string;

  const expensesOf = (user: TestUser): Promise<number> =>
    countRows(ctx, 'expenses', 'user_id = $1', [user.id]);

  beforeAll(async () => {
    ctx = await startTestApp();
    dataSource = ctx.app.get(DataSource);
    await insertFxRates(dataSource, {
      '2026-03-02': { USD: '1.0800', JPY: '162.50', GBP: '0.8400' },
      '2026-03-03': { USD: '1.0900', JPY: '163.00', GBP: '0.8450' },
    });
    ann = await newUser(ctx);
    bob = await newUser(ctx);
    annCategories = await categoriesOf(ctx, ann);
    groceries = annCategories.get('groceries')!.id;
  });

  afterAll(async () => {
    await ctx.close();
  });

  describeOwnedResource('expenses', () => ctx, {
    basePath: '/api/v1/expenses',
    table: 'expenses',
    scopes: { read: 'expenses:read', write: 'expenses:write' },
    createBody: async (app, user) => ({
      amount: { amount: '12.50', currency: 'EUR' },
      date: '2026-03-02',
      categoryId: (await categoriesOf(app, user)).get('groceries')!.id,
    }),
    patchBody: { payee: 'Bakery' },
    textField: 'note',
  });

  describe('create and read', () => {
    it('creates an expense in the base currency: rate 1, source IDENTITY, ETag', async () => {
      const response = await call(ctx, ann, 'POST', '/api/v1/expenses', {
        amount: { amount: '12.5', currency: 'EUR' },
        date: '2026-03-02',
        categoryId: groceries,
        payee: '  Marché  ',
        note: 'weekly shop',
        tags: ['Food', ' food ', 'Market Day'],
      });
      expect(response.statusCode).toBe(201);
      const body = response.json<ExpenseBody>();
      expect(response.headers.etag).toBe(`W/"${body.version}"`);
      expect(body).toMatchObject({
        version: 1,
        date: '2026-03-02',
        amount: { amount: '12.50', currency: 'EUR' },
        baseAmount: { amount: '12.50', currency: 'EUR' },
        fx: {
          status: 'converted',
          baseCurrency: 'EUR',
          rate: '1',
          rateDate: '2026-03-02',
          source: 'IDENTITY',
          reason: null,
        },
        categoryId: groceries,
        payee: 'Marché',
        tags: ['food', 'market day'],
        vehicleId: null,
      });

      const read = await call(ctx, ann, 'GET', `/api/v1/expenses/${body.id}`);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual(body);
      expect(read.headers.etag).toBe('W/"1"');
      expect(await auditActions(ctx, { resourceId: body.id })).toEqual(['expense.created']);
    });

    it('converts a USD expense with the ECB rate of its date and keeps rate, date and source', async () => {
      const body = await createExpense(ctx, ann, {
        amount: { amount: '21.60', currency: 'USD' },
        date: '2026-03-02',
        categoryId: groceries,
      });
      expect(body.amount).toEqual({ amount: '21.60', currency: 'USD' });
      expect(body.baseAmount).toEqual({ amount: '20.00', currency: 'EUR' });
      expect(body.fx).toMatchObject({
        status: 'converted',
        rate: '0.925925925926',
        rateDate: '2026-03-02',
        source: 'ECB',
      });
    });

    it('uses the latest rate on or before the date (a weekend uses Friday) and JPY has no decimals', async () => {
      const body = await createExpense(ctx, ann, {
        amount: { amount: '1630', currency: 'JPY' },
        date: '2026-03-05',
        categoryId: groceries,
      });
      expect(body.amount.amount).toBe('1630');
      expect(body.baseAmount).toEqual({ amount: '10.00', currency: 'EUR' });
      expect(body.fx.rateDate).toBe('2026-03-03');
    });

    it('states a missing rate explicitly, then takes the rate the user sets', async () => {
      const missing = await createExpense(ctx, ann, {
        amount: { amount: '50.00', currency: 'USD' },
        date: '1998-06-15',
        categoryId: groceries,
      });
      expect(missing.baseAmount).toBeNull();
      expect(missing.fx).toMatchObject({
        status: 'missing',
        baseCurrency: 'EUR',
        rate: null,
        rateDate: null,
        source: null,
        reason: 'no-rate',
      });
      expect(missing.fx.detail).toContain('USD');

      const fixed = await call(
        ctx,
        ann,
        'PATCH',
        `/api/v1/expenses/${missing.id}`,
        { fxRate: '0.8' },
        { 'if-match': `W/"${missing.version}"` },
      );
      expect(fixed.statusCode).toBe(200);
      expect(fixed.json<ExpenseBody>()).toMatchObject({
        version: 2,
        baseAmount: { amount: '40.00', currency: 'EUR' },
        fx: { status: 'converted', rate: '0.8', rateDate: '1998-06-15', source: 'USER' },
      });

      const back = await call(
        ctx,
        ann,
        'PATCH',
        `/api/v1/expenses/${missing.id}`,
        { fxRate: null },
        { 'if-match': 'W/"2"' },
      );
      expect(back.json<ExpenseBody>().fx).toMatchObject({ status: 'missing', reason: 'no-rate' });
    });

    it('takes a user rate at creation and refuses one for the base currency', async () => {
      const body = await createExpense(ctx, ann, {
        amount: { amount: '10.00', currency: 'GBP' },
        date: '2026-03-02',
        categoryId: groceries,
        fxRate: '1.2',
      });
      expect(body.baseAmount).toEqual({ amount: '12.00', currency: 'EUR' });
      expect(body.fx.source).toBe('USER');

      const before = await expensesOf(ann);
      const refused = await call(ctx, ann, 'POST', '/api/v1/expenses', {
        amount: { amount: '10.00', currency: 'EUR' },
        date: '2026-03-02',
        categoryId: groceries,
        fxRate: '1.2',
      });
      expectProblem(refused, 400, 'VALIDATION_FAILED');
      expect(await expensesOf(ann)).toBe(before);
    });

    it('fills a missing base amount once the rate is published', async () => {
      const waiting = await createExpense(ctx, ann, {
        amount: { amount: '10.80', currency: 'USD' },
        date: '2026-04-20',
        categoryId: groceries,
      });
      expect(waiting.fx).toMatchObject({ status: 'missing', reason: 'stale-rate' });

      await insertFxRates(dataSource, { '2026-04-20': { USD: '1.0800' } });
      const result = await ctx.app.get(BaseAmountsService).fillMissingBaseAmounts();
      expect(result.filled).toBeGreaterThanOrEqual(1);

      const read = await call(ctx, ann, 'GET', `/api/v1/expenses/${waiting.id}`);
      expect(read.json<ExpenseBody>()).toMatchObject({
        version: 2,
        baseAmount: { amount: '10.00', currency: 'EUR' },
        fx: { status: 'converted', source: 'ECB', rateDate: '2026-04-20' },
      });
      expect(await auditActions(ctx, { actionPrefix: 'expense.base_amounts.filled' })).toContain(
        'expense.base_amounts.filled',
      );
      // A second run finds nothing new to fill.
      const again = await ctx.app.get(BaseAmountsService).fillMissingBaseAmounts();
      expect(again.filled).toBe(0);
    });
  });

  describe('bad input: 4xx problem+json and nothing written', () => {
    const valid = (): Record<string, unknown> => ({
      amount: { amount: '12.50', currency: 'EUR' },
      date: '2026-03-02',
      categoryId: groceries,
      payee: 'Shop',
      note: 'note',
      tags: ['a'],
    });

    const cases: [string, (body: Record<string, unknown>) => void, number, string][] = [
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
        'a withdrawn currency',
        (b) => (b.amount = { amount: '1.00', currency: 'HRK' }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'three decimals in EUR',
        (b) => (b.amount = { amount: '12.345', currency: 'EUR' }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a decimal in JPY',
        (b) => (b.amount = { amount: '1.5', currency: 'JPY' }),
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
        (b) => (b.amount = { amount: '-5.00', currency: 'EUR' }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a JSON number',
        (b) => (b.amount = { amount: 12.5, currency: 'EUR' }),
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
      ['an amount that is a string', (b) => (b.amount = '12.50'), 400, 'VALIDATION_FAILED'],
      ['no amount', (b) => delete b.amount, 400, 'VALIDATION_FAILED'],
      ['no currency', (b) => (b.amount = { amount: '12.50' }), 400, 'VALIDATION_FAILED'],
      [
        'an unknown field in the amount',
        (b) => (b.amount = { amount: '1.00', currency: 'EUR', rate: 1 }),
        400,
        'VALIDATION_FAILED',
      ],
      ['30 February', (b) => (b.date = '2026-02-30'), 400, 'VALIDATION_FAILED'],
      ['month 13', (b) => (b.date = '2026-13-01'), 400, 'VALIDATION_FAILED'],
      ['a date without dashes', (b) => (b.date = '20260101'), 400, 'VALIDATION_FAILED'],
      ['a date with a time', (b) => (b.date = '2026-03-02T10:00:00Z'), 400, 'VALIDATION_FAILED'],
      ['the year 1850', (b) => (b.date = '1850-01-01'), 400, 'VALIDATION_FAILED'],
      ['the year 2300', (b) => (b.date = '2300-01-01'), 400, 'VALIDATION_FAILED'],
      ['no date', (b) => delete b.date, 400, 'VALIDATION_FAILED'],
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
      ['an unknown field', (b) => (b.colour = 'red'), 400, 'VALIDATION_FAILED'],
      ['a payee of 201 characters', (b) => (b.payee = 'p'.repeat(201)), 400, 'VALIDATION_FAILED'],
      ['a payee that is a number', (b) => (b.payee = 42), 400, 'VALIDATION_FAILED'],
      ['a note of 2001 characters', (b) => (b.note = 'n'.repeat(2001)), 400, 'VALIDATION_FAILED'],
      [
        '21 tags',
        (b) => (b.tags = Array.from({ length: 21 }, (_, i) => `t${i}`)),
        400,
        'VALIDATION_FAILED',
      ],
      ['a tag of 33 characters', (b) => (b.tags = ['t'.repeat(33)]), 400, 'VALIDATION_FAILED'],
      ['an empty tag', (b) => (b.tags = ['  ']), 400, 'VALIDATION_FAILED'],
      ['a tag with a comma', (b) => (b.tags = ['a,b']), 400, 'VALIDATION_FAILED'],
      ['tags that are not a list', (b) => (b.tags = 'food'), 400, 'VALIDATION_FAILED'],
      ['a vehicle id that is not a uuid', (b) => (b.vehicleId = 'car-1'), 400, 'VALIDATION_FAILED'],
      ['a zero fxRate', (b) => (b.fxRate = '0'), 400, 'VALIDATION_FAILED'],
      ['a numeric fxRate', (b) => (b.fxRate = 1.1), 400, 'VALIDATION_FAILED'],
    ];

    it.each(cases)('refuses %s', async (_name, spoil, status, code) => {
      const body = valid();
      spoil(body);
      const before = await expensesOf(ann);
      const auditBefore = await countRows(ctx, 'audit_events');
      const response = await call(ctx, ann, 'POST', '/api/v1/expenses', body);
      const problem = expectProblem(response, status, code);
      expect(Array.isArray(problem.errors)).toBe(true);
      expect(await expensesOf(ann)).toBe(before);
      expect(await countRows(ctx, 'audit_events')).toBe(auditBefore);
    });

    it("refuses another user's category and an archived one", async () => {
      const bobCategory = (await categoriesOf(ctx, bob)).get('groceries')!.id;
      const before = await expensesOf(ann);
      expectProblem(
        await call(ctx, ann, 'POST', '/api/v1/expenses', { ...valid(), categoryId: bobCategory }),
        422,
        'REFERENCED_RESOURCE_NOT_FOUND',
      );
      const archived = annCategories.get('education')!.id;
      await call(ctx, ann, 'PATCH', `/api/v1/expense-categories/${archived}`, { archived: true });
      expectProblem(
        await call(ctx, ann, 'POST', '/api/v1/expenses', { ...valid(), categoryId: archived }),
        422,
        'RESOURCE_ARCHIVED',
      );
      expect(await expensesOf(ann)).toBe(before);
    });

    it('refuses a body that is not an object', async () => {
      const before = await expensesOf(ann);
      expectProblem(
        await call(ctx, ann, 'POST', '/api/v1/expenses', [valid()]),
        400,
        'VALIDATION_FAILED',
      );
      expect(await expensesOf(ann)).toBe(before);
    });

    it('refuses bad updates and writes nothing', async () => {
      const expense = await createExpense(ctx, ann, valid());
      const updates: Record<string, unknown>[] = [
        { amount: { amount: '1.005', currency: 'EUR' } },
        { amount: null },
        { date: '2026-02-29' },
        { date: null },
        { categoryId: null },
        { categoryId: 'x' },
        { tags: null },
        { tags: ['x'.repeat(40)] },
        { payee: 'p'.repeat(201) },
        { fxRate: '-1' },
        { version: 3 },
      ];
      for (const update of updates) {
        const response = await call(ctx, ann, 'PATCH', `/api/v1/expenses/${expense.id}`, update, {
          'if-match': 'W/"1"',
        });
        expect({ update, status: response.statusCode }).toEqual({ update, status: 400 });
      }
      const read = await call(ctx, ann, 'GET', `/api/v1/expenses/${expense.id}`);
      expect(read.json<ExpenseBody>().version).toBe(1);
      expect(await auditActions(ctx, { resourceId: expense.id })).toEqual(['expense.created']);
    });

    it('refuses a malformed id in the path', async () => {
      expectProblem(
        await call(ctx, ann, 'GET', '/api/v1/expenses/not-a-uuid'),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await call(ctx, ann, 'PATCH', '/api/v1/expenses/not-a-uuid', {}, { 'if-match': '*' }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await call(ctx, ann, 'DELETE', '/api/v1/expenses/not-a-uuid'),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('optimistic concurrency', () => {
    it('refuses a malformed If-Match, and takes a strong spelling of the current one', async () => {
      const expense = await createExpense(ctx, ann, {
        amount: { amount: '8.00', currency: 'EUR' },
        date: '2026-03-02',
        categoryId: groceries,
      });
      const url = `/api/v1/expenses/${expense.id}`;
      expectProblem(
        await call(ctx, ann, 'PATCH', url, { note: 'a' }, { 'if-match': 'version-one' }),
        400,
        'VALIDATION_FAILED',
      );

      const fresh = await call(
        ctx,
        ann,
        'PATCH',
        url,
        { note: 'a', tags: ['x'] },
        { 'if-match': 'W/"1"' },
      );
      expect(fresh.statusCode).toBe(200);
      expect(fresh.headers.etag).toBe('W/"2"');
      expect(fresh.json<ExpenseBody>()).toMatchObject({ note: 'a', tags: ['x'], version: 2 });

      // The ETag just used is stale now.
      expectProblem(
        await call(ctx, ann, 'PATCH', url, { note: 'b' }, { 'if-match': 'W/"1"' }),
        412,
        'PRECONDITION_FAILED',
      );
      // A strong spelling of the current tag matches too.
      const strong = await call(
        ctx,
        ann,
        'PATCH',
        url,
        { date: '2026-03-03' },
        { 'if-match': '"2"' },
      );
      expect(strong.json<ExpenseBody>()).toMatchObject({ version: 3, date: '2026-03-03' });

      expect(await auditActions(ctx, { resourceId: expense.id })).toEqual([
        'expense.created',
        'expense.updated',
        'expense.updated',
      ]);
    });

    it('deletes, audited', async () => {
      const first = await createExpense(ctx, ann, {
        amount: { amount: '1.00', currency: 'EUR' },
        date: '2026-03-02',
        categoryId: groceries,
      });
      const deleted = await call(ctx, ann, 'DELETE', `/api/v1/expenses/${first.id}`, undefined, {
        'if-match': 'W/"1"',
      });
      expect(deleted.statusCode).toBe(204);
      expect(deleted.body).toBe('');
      expectProblem(await call(ctx, ann, 'GET', `/api/v1/expenses/${first.id}`), 404, 'NOT_FOUND');
      expectProblem(
        await call(ctx, ann, 'DELETE', `/api/v1/expenses/${first.id}`),
        404,
        'NOT_FOUND',
      );
      expect(await auditActions(ctx, { resourceId: first.id })).toEqual([
        'expense.created',
        'expense.deleted',
      ]);
    });
  });

  describe('Idempotency-Key', () => {
    const body = (): Record<string, unknown> => ({
      amount: { amount: '4.20', currency: 'EUR' },
      date: '2026-03-02',
      categoryId: groceries,
      payee: 'Bakery',
    });

    it('answers a retry with the first response and creates one expense', async () => {
      const before = await expensesOf(ann);
      const headers = { 'idempotency-key': 'retry-1' };
      const first = await call(ctx, ann, 'POST', '/api/v1/expenses', body(), headers);
      // The same JSON with its keys in another order is the same request.
      const reordered = {
        payee: 'Bakery',
        categoryId: groceries,
        date: '2026-03-02',
        amount: { currency: 'EUR', amount: '4.20' },
      };
      const second = await call(ctx, ann, 'POST', '/api/v1/expenses', reordered, headers);
      expect(first.statusCode).toBe(201);
      expect(second.statusCode).toBe(201);
      expect(second.body).toBe(first.body);
      expect(second.headers.etag).toBe(first.headers.etag);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(await expensesOf(ann)).toBe(before + 1);
      const id = first.json<ExpenseBody>().id;
      expect(await auditActions(ctx, { resourceId: id })).toEqual(['expense.created']);
    });

    it('refuses a key used on another route (422) and writes nothing', async () => {
      const headers = { 'idempotency-key': 'retry-2' };
      await call(ctx, ann, 'POST', '/api/v1/expenses', body(), headers);
      const before = await expensesOf(ann);
      // On another route the key is another request.
      const elsewhere = await call(
        ctx,
        ann,
        'POST',
        '/api/v1/expense-categories',
        { name: 'Snacks' },
        headers,
      );
      expectProblem(elsewhere, 422, 'IDEMPOTENCY_KEY_REUSED');
      expect(await expensesOf(ann)).toBe(before);
    });

    it('keeps keys per user', async () => {
      const headers = { 'idempotency-key': 'shared-key' };
      const bobGroceries = (await categoriesOf(ctx, bob)).get('groceries')!.id;
      const annExpense = await call(ctx, ann, 'POST', '/api/v1/expenses', body(), headers);
      const bobExpense = await call(
        ctx,
        bob,
        'POST',
        '/api/v1/expenses',
        { ...body(), categoryId: bobGroceries },
        headers,
      );
      expect([annExpense.statusCode, bobExpense.statusCode]).toEqual([201, 201]);
      expect(annExpense.json<ExpenseBody>().id).not.toBe(bobExpense.json<ExpenseBody>().id);
    });

    it('runs a failed first attempt again: nothing was stored for it', async () => {
      const headers = { 'idempotency-key': 'fails-first' };
      const archived = annCategories.get('travel')!.id;
      await call(ctx, ann, 'PATCH', `/api/v1/expense-categories/${archived}`, { archived: true });
      const failed = await call(
        ctx,
        ann,
        'POST',
        '/api/v1/expenses',
        { ...body(), categoryId: archived },
        headers,
      );
      expectProblem(failed, 422, 'RESOURCE_ARCHIVED');
      expect(await countRows(ctx, 'idempotency_records', 'key = $1', ['fails-first'])).toBe(0);
      await call(ctx, ann, 'PATCH', `/api/v1/expense-categories/${archived}`, { archived: false });
      const retried = await call(
        ctx,
        ann,
        'POST',
        '/api/v1/expenses',
        { ...body(), categoryId: archived },
        headers,
      );
      expect(retried.statusCode).toBe(201);
    });

    it('answers 409 while a request with the same key is still running', async () => {
      // Hold the key's advisory lock from another connection, as a running first request does.
      const digest = createHash('sha256').update(`${ann.id}\u0000in-flight`).digest();
      const holder = new Client({ connectionString: ctx.database.url });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT pg_advisory_xact_lock($1::int, $2::int)', [
          0x4944454d,
          digest.readInt32BE(0),
        ]);
        const before = await expensesOf(ann);
        const response = await call(ctx, ann, 'POST', '/api/v1/expenses', body(), {
          'idempotency-key': 'in-flight',
        });
        expectProblem(response, 409, 'IDEMPOTENCY_KEY_IN_USE');
        expect(response.headers['retry-after']).toBe('1');
        expect(await expensesOf(ann)).toBe(before);
      } finally {
        await holder.query('ROLLBACK');
        await holder.end();
      }
    });

    it.each([
      ['empty', ''],
      ['too long', 'k'.repeat(256)],
      ['with a space', 'a key'],
      ['non-ASCII', 'clé'],
    ])('refuses a key that is %s', async (_name, key) => {
      const before = await expensesOf(ann);
      const response = await call(ctx, ann, 'POST', '/api/v1/expenses', body(), {
        'idempotency-key': key,
      });
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(await expensesOf(ann)).toBe(before);
    });
  });

  describe('API keys', () => {
    async function apiKey(scopes: string[]): Promise<{ headers: Record<string, string> }> {
      const response = await call(ctx, ann, 'POST', '/api/v1/me/api-keys', {
        name: scopes.join(' '),
        scopes,
      });
      expect(response.statusCode).toBe(201);
      return { headers: { 'x-api-key': response.json<{ key: string }>().key } };
    }

    it('lets expenses:read read the categories too', async () => {
      const reader = await apiKey(['expenses:read']);
      expect((await call(ctx, reader, 'GET', '/api/v1/expense-categories')).statusCode).toBe(200);
    });
  });

  describe('base currency', () => {
    it('shows EUR by default, refuses an unknown code, and re-bases every expense on a change', async () => {
      const carol = await newUser(ctx);
      const profile = await call(ctx, carol, 'GET', '/api/v1/me');
      expect(profile.json()).toMatchObject({ baseCurrency: 'EUR' });
      expectProblem(
        await call(ctx, carol, 'PATCH', '/api/v1/me', { baseCurrency: 'EURO' }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await call(ctx, carol, 'PATCH', '/api/v1/me', { baseCurrency: 'usd' }),
        400,
        'VALIDATION_FAILED',
      );

      const category = (await categoriesOf(ctx, carol)).get('transport')!.id;
      const inEuro = await createExpense(ctx, carol, {
        amount: { amount: '10.00', currency: 'EUR' },
        date: '2026-03-02',
        categoryId: category,
      });
      const inDollars = await createExpense(ctx, carol, {
        amount: { amount: '5.00', currency: 'USD' },
        date: '2026-03-02',
        categoryId: category,
      });
      const withOwnRate = await createExpense(ctx, carol, {
        amount: { amount: '100', currency: 'GBP' },
        date: '2026-03-02',
        categoryId: category,
        fxRate: '1.25',
      });
      const noRate = await createExpense(ctx, carol, {
        amount: { amount: '7.00', currency: 'EUR' },
        date: '1997-01-01',
        categoryId: category,
      });
      expect(noRate.fx.source).toBe('IDENTITY');

      const changed = await call(ctx, carol, 'PATCH', '/api/v1/me', { baseCurrency: 'USD' });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({ baseCurrency: 'USD' });

      const read = async (id: string): Promise<ExpenseBody> =>
        (await call(ctx, carol, 'GET', `/api/v1/expenses/${id}`)).json<ExpenseBody>();
      expect(await read(inEuro.id)).toMatchObject({
        version: 2,
        baseAmount: { amount: '10.80', currency: 'USD' },
        fx: { status: 'converted', rate: '1.08', source: 'ECB', baseCurrency: 'USD' },
      });
      expect(await read(inDollars.id)).toMatchObject({
        baseAmount: { amount: '5.00', currency: 'USD' },
        fx: { rate: '1', source: 'IDENTITY' },
      });
      // The user's GBP→EUR rate says nothing about GBP→USD: the reference rate replaces it.
      expect(await read(withOwnRate.id)).toMatchObject({
        baseAmount: { amount: '128.57', currency: 'USD' },
        fx: { source: 'ECB', rate: '1.28571428571' },
      });
      expect(await read(noRate.id)).toMatchObject({
        baseAmount: null,
        fx: { status: 'missing', baseCurrency: 'USD', reason: 'no-rate' },
      });

      const events = await dataSource.query<{ action: string; details: Record<string, unknown> }[]>(
        `SELECT action, details FROM audit_events WHERE resource_id = $1 AND action LIKE 'account.%'`,
        [carol.id],
      );
      expect(events).toEqual([
        {
          action: 'account.base_currency.changed',
          details: {
            from: 'EUR',
            to: 'USD',
            rebased: { expenses: 4, converted: 3, missing: 1, userRatesReplaced: 1 },
          },
        },
      ]);

      // New expenses follow the new base currency.
      const after = await createExpense(ctx, carol, {
        amount: { amount: '10.00', currency: 'EUR' },
        date: '2026-03-03',
        categoryId: category,
      });
      expect(after.baseAmount).toEqual({ amount: '10.90', currency: 'USD' });

      // Setting the same currency again changes nothing and records nothing.
      await call(ctx, carol, 'PATCH', '/api/v1/me', { baseCurrency: 'USD' });
      expect((await read(inEuro.id)).version).toBe(2);
      expect(
        await auditActions(ctx, { resourceId: carol.id, actionPrefix: 'account.base_currency' }),
      ).toHaveLength(1);
    });

    it('changes nothing and records nothing when re-basing fails', async () => {
      const isolated = await startTestApp();
      try {
        const dave = await newUser(isolated);
        const category = (await categoriesOf(isolated, dave)).get('other')!.id;
        const expense = await createExpense(isolated, dave, {
          amount: { amount: '10.00', currency: 'EUR' },
          date: '2026-03-02',
          categoryId: category,
        });
        // A handler that fails after the re-base has already rewritten the expense.
        isolated.app.get(TransactionalEvents).on(BaseCurrencyChanged, () => {
          throw new Error('listener failed');
        });
        const response = await call(isolated, dave, 'PATCH', '/api/v1/me', {
          baseCurrency: 'USD',
          displayName: 'Renamed meanwhile',
        });
        expectProblem(response, 500, 'INTERNAL_ERROR');
        expect((await call(isolated, dave, 'GET', '/api/v1/me')).json()).toMatchObject({
          baseCurrency: 'EUR',
          displayName: 'Test user',
        });
        const read = await call(isolated, dave, 'GET', `/api/v1/expenses/${expense.id}`);
        expect(read.json<ExpenseBody>()).toMatchObject({
          version: 1,
          baseAmount: { amount: '10.00', currency: 'EUR' },
        });
        expect(await auditActions(isolated, { actionPrefix: 'account.base_currency' })).toEqual([]);
      } finally {
        await isolated.close();
      }
    });
  });
});
