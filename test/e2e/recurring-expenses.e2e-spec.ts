import { DataSource } from 'typeorm';
import { addDays, calendarDateIn } from 'src/platform/dates/calendar-date';
import { RecurringMaterialiser } from 'src/modules/expenses/recurring/recurring-materialiser';
import { newUser, TestUser } from 'test/support/auth';
import { describeOwnedResource } from 'test/support/describe-owned-resource';
import { auditActions, countRows, insertFxRates } from 'test/support/expenses';
import { call, categoriesOf, ExpenseBody } from 'test/support/expenses-api';
import { expectProblem } from 'test/support/problem';
import {
  createRecurringExpense,
  expenseDatesOf,
  materialisedDates,
  RECURRING_EXPENSES,
  RecurringExpenseBody,
} from 'test/support/recurring-expenses-api';
import { startTestApp, TestApp } from 'test/support/test-app';

describe('recurring expenses', () => {
  let ctx: TestApp;
  let dataSource: DataSource;
  let ann: TestUser;
  let bob: TestUser;
  let rent: string;
  /** Today as the app counts it (JOBS_TIMEZONE is UTC in tests). */
  const today = calendarDateIn(new Date(), 'UTC');

  const materialise = (ruleId: string, on: string) =>
    ctx.app.get(RecurringMaterialiser).materialiseDue({ ruleId, today: on });
  const read = async (caller: TestUser, id: string): Promise<RecurringExpenseBody> =>
    (await call(ctx, caller, 'GET', `${RECURRING_EXPENSES}/${id}`)).json<RecurringExpenseBody>();
  const rulesOf = (user: TestUser): Promise<number> =>
    countRows(ctx, 'recurring_expenses', 'user_id = $1', [user.id]);
  const monthly = (startDate: string, extra: Record<string, unknown> = {}) => ({
    amount: { amount: '950.00', currency: 'EUR' },
    categoryId: rent,
    payee: 'Landlord',
    unit: 'month',
    interval: 1,
    startDate,
    ...extra,
  });

  beforeAll(async () => {
    ctx = await startTestApp();
    dataSource = ctx.app.get(DataSource);
    await insertFxRates(dataSource, {
      '2026-01-30': { USD: '1.2000' },
      '2026-02-27': { USD: '1.2500' },
      '2026-03-31': { USD: '1.1000' },
    });
    ann = await newUser(ctx);
    bob = await newUser(ctx);
    rent = (await categoriesOf(ctx, ann)).get('housing')!.id;
  });

  afterAll(async () => {
    await ctx.close();
  });

  describeOwnedResource('recurring expenses', () => ctx, {
    basePath: RECURRING_EXPENSES,
    table: 'recurring_expenses',
    scopes: { read: 'expenses:read', write: 'expenses:write' },
    createBody: async (app, user) => ({
      amount: { amount: '950.00', currency: 'EUR' },
      categoryId: (await categoriesOf(app, user)).get('housing')!.id,
      unit: 'month',
      interval: 1,
      startDate: '2026-01-31',
    }),
    patchBody: { payee: 'New landlord' },
    textField: 'note',
  });

  describe('create and read', () => {
    it('creates a rule with an ETag, normalised values and its first occurrence; audited', async () => {
      const response = await call(ctx, ann, 'POST', RECURRING_EXPENSES, {
        ...monthly('2026-01-31'),
        amount: { amount: '950', currency: 'EUR' },
        payee: '  Landlord  ',
        note: 'flat',
        tags: ['Home', ' home ', 'Fixed Costs'],
      });
      expect(response.statusCode).toBe(201);
      const body = response.json<RecurringExpenseBody>();
      expect(response.headers.etag).toBe('W/"1"');
      expect(body).toMatchObject({
        version: 1,
        amount: { amount: '950.00', currency: 'EUR' },
        categoryId: rent,
        payee: 'Landlord',
        note: 'flat',
        tags: ['home', 'fixed costs'],
        vehicleId: null,
        unit: 'month',
        interval: 1,
        dayOfMonth: null,
        startDate: '2026-01-31',
        endDate: null,
        count: null,
        active: true,
        materialisedThrough: null,
        nextOccurrence: '2026-01-31',
      });
      const got = await call(ctx, ann, 'GET', `${RECURRING_EXPENSES}/${body.id}`);
      expect(got.json()).toEqual(body);
      expect(got.headers.etag).toBe('W/"1"');
      expect(await auditActions(ctx, { resourceId: body.id })).toEqual([
        'recurring_expense.created',
      ]);
      // A rule is not an expense: nothing is created until the job runs.
      expect(await materialisedDates(ctx, body.id)).toEqual([]);
    });

    it('lists the caller’s rules oldest first by cursor, filtered by active', async () => {
      const carol = await newUser(ctx);
      const category = (await categoriesOf(ctx, carol)).get('housing')!.id;
      const made: RecurringExpenseBody[] = [];
      for (const [index, active] of [true, false, true].entries()) {
        made.push(
          await createRecurringExpense(ctx, carol, {
            ...monthly(`2026-0${index + 1}-10`),
            categoryId: category,
            active,
          }),
        );
      }
      const first = await call(ctx, carol, 'GET', `${RECURRING_EXPENSES}?limit=2`);
      const page1 = first.json<{ data: RecurringExpenseBody[]; nextCursor: string | null }>();
      expect(page1.data.map((rule) => rule.id)).toEqual([made[0].id, made[1].id]);
      const second = await call(
        ctx,
        carol,
        'GET',
        `${RECURRING_EXPENSES}?limit=2&cursor=${page1.nextCursor}`,
      );
      expect(second.json()).toEqual({ data: [made[2]], nextCursor: null });

      const paused = await call(ctx, carol, 'GET', `${RECURRING_EXPENSES}?active=false`);
      expect(paused.json<{ data: RecurringExpenseBody[] }>().data.map((r) => r.id)).toEqual([
        made[1].id,
      ]);
      expect(made[1]).toMatchObject({ active: false, nextOccurrence: null });
      const running = await call(ctx, carol, 'GET', `${RECURRING_EXPENSES}?active=true`);
      expect(running.json<{ data: RecurringExpenseBody[] }>().data).toHaveLength(2);

      for (const query of ['limit=0', 'limit=101', 'active=yes', 'cursor=nope', 'sort=date']) {
        expectProblem(
          await call(ctx, carol, 'GET', `${RECURRING_EXPENSES}?${query}`),
          400,
          'VALIDATION_FAILED',
        );
      }
      const bobs = await call(ctx, bob, 'GET', RECURRING_EXPENSES);
      expect(bobs.json()).toEqual({ data: [], nextCursor: null });
    });
  });

  describe('materialisation', () => {
    it('puts the 31st on Feb 28 and back on the 31st in March, and catches up missed days', async () => {
      const rule = await createRecurringExpense(ctx, ann, monthly('2026-01-31'));
      const result = await materialise(rule.id, '2026-04-15');
      expect(result).toMatchObject({ rules: 1, created: 3, failed: [] });
      expect(await materialisedDates(ctx, rule.id)).toEqual([
        '2026-01-31',
        '2026-02-28',
        '2026-03-31',
      ]);
      expect(await read(ann, rule.id)).toMatchObject({
        version: 1,
        materialisedThrough: '2026-04-15',
        nextOccurrence: '2026-04-30',
      });
      // Two weeks without a run: the next one creates Apr 30 and May 31, each once.
      expect(await materialise(rule.id, '2026-06-02')).toMatchObject({ created: 2 });
      expect(await materialisedDates(ctx, rule.id)).toEqual([
        '2026-01-31',
        '2026-02-28',
        '2026-03-31',
        '2026-04-30',
        '2026-05-31',
      ]);
      // A rerun on the same day creates nothing.
      expect(await materialise(rule.id, '2026-06-02')).toMatchObject({ rules: 0, created: 0 });
      expect(await materialisedDates(ctx, rule.id)).toHaveLength(5);
    });

    it('takes Feb 29 in a leap year with dayOfMonth 31', async () => {
      const rule = await createRecurringExpense(
        ctx,
        ann,
        monthly('2028-01-01', { dayOfMonth: 31 }),
      );
      await materialise(rule.id, '2028-04-01');
      expect(await materialisedDates(ctx, rule.id)).toEqual([
        '2028-01-31',
        '2028-02-29',
        '2028-03-31',
      ]);
    });

    it('puts a yearly Feb 29 on Feb 28 in common years', async () => {
      const rule = await createRecurringExpense(ctx, ann, {
        ...monthly('2024-02-29'),
        unit: 'year',
      });
      await materialise(rule.id, '2028-03-01');
      expect(await materialisedDates(ctx, rule.id)).toEqual([
        '2024-02-29',
        '2025-02-28',
        '2026-02-28',
        '2027-02-28',
        '2028-02-29',
      ]);
      expect((await read(ann, rule.id)).nextOccurrence).toBe('2029-02-28');
    });

    it('stops after `count` occurrences and at the end date', async () => {
      const counted = await createRecurringExpense(ctx, ann, monthly('2026-01-15', { count: 3 }));
      await materialise(counted.id, '2026-03-01');
      expect(await materialisedDates(ctx, counted.id)).toEqual(['2026-01-15', '2026-02-15']);
      await materialise(counted.id, '2026-12-31');
      expect(await materialisedDates(ctx, counted.id)).toEqual([
        '2026-01-15',
        '2026-02-15',
        '2026-03-15',
      ]);
      expect(await read(ann, counted.id)).toMatchObject({ nextOccurrence: null });
      expect(await materialise(counted.id, '2027-12-31')).toMatchObject({ created: 0 });

      const ending = await createRecurringExpense(ctx, ann, {
        ...monthly('2026-01-05'),
        unit: 'week',
        interval: 2,
        endDate: '2026-02-15',
      });
      await materialise(ending.id, '2026-12-31');
      expect(await materialisedDates(ctx, ending.id)).toEqual([
        '2026-01-05',
        '2026-01-19',
        '2026-02-02',
      ]);
    });

    it('creates each expense through the writer: converted, audited by the system job', async () => {
      const rule = await createRecurringExpense(ctx, ann, {
        ...monthly('2026-01-30'),
        amount: { amount: '120.00', currency: 'USD' },
        payee: 'Cloud host',
        note: 'server',
        tags: ['Work'],
        vehicleId: '5b4c6f0e-8c55-4c53-9a0e-2f8f7e3f5a10',
      });
      await materialise(rule.id, '2026-03-01');
      const ids = await dataSource.query<{ id: string }[]>(
        `SELECT expense_id AS id FROM recurring_expense_occurrences
         WHERE recurring_expense_id = $1 ORDER BY occurs_on`,
        [rule.id],
      );
      const expenses = await Promise.all(
        ids.map(async ({ id }) =>
          (await call(ctx, ann, 'GET', `/api/v1/expenses/${id}`)).json<ExpenseBody>(),
        ),
      );
      expect(expenses.map((e) => [e.date, e.baseAmount?.amount, e.fx.rateDate])).toEqual([
        ['2026-01-30', '100.00', '2026-01-30'],
        ['2026-02-28', '96.00', '2026-02-27'],
      ]);
      expect(expenses[0]).toMatchObject({
        amount: { amount: '120.00', currency: 'USD' },
        categoryId: rent,
        payee: 'Cloud host',
        note: 'server',
        tags: ['work'],
        vehicleId: '5b4c6f0e-8c55-4c53-9a0e-2f8f7e3f5a10',
        version: 1,
      });
      const events = await dataSource.query<
        { actor_type: string; actor_id: string; details: Record<string, unknown> }[]
      >(
        `SELECT actor_type, actor_id, details FROM audit_events
         WHERE action = 'expense.created' AND resource_id = ANY($1) ORDER BY sequence`,
        [ids.map((row) => row.id)],
      );
      expect(events).toHaveLength(2);
      for (const event of events) {
        expect(event).toMatchObject({
          actor_type: 'system',
          actor_id: 'expenses.materialise-recurring',
          details: { recurringExpenseId: rule.id, currency: 'USD' },
        });
      }
    });

    it('materialises exactly once when four runs race on one rule', async () => {
      const dave = await newUser(ctx);
      const category = (await categoriesOf(ctx, dave)).get('groceries')!.id;
      const rule = await createRecurringExpense(ctx, dave, {
        ...monthly('2026-01-01'),
        categoryId: category,
        unit: 'day',
      });
      const runs = await Promise.all(
        Array.from({ length: 4 }, () => materialise(rule.id, '2026-03-31')),
      );
      expect(runs.reduce((sum, run) => sum + run.created, 0)).toBe(90);
      const dates = await expenseDatesOf(ctx, dave.id);
      expect(dates).toHaveLength(90);
      expect(new Set(dates).size).toBe(90);
      expect(dates[0]).toBe('2026-01-01');
      expect(dates[89]).toBe('2026-03-31');
      // One expense.created event per expense, none for the runs that found nothing to do.
      expect(
        await countRows(
          ctx,
          'audit_events',
          `action = 'expense.created' AND details->>'recurringExpenseId' = $1`,
          [rule.id],
        ),
      ).toBe(90);
      expect(
        await countRows(ctx, 'recurring_expense_occurrences', 'recurring_expense_id = $1', [
          rule.id,
        ]),
      ).toBe(90);
    });

    it('leaves a rule whose category was archived due, and catches it up once it is not', async () => {
      const erin = await newUser(ctx);
      const category = (await categoriesOf(ctx, erin)).get('education')!.id;
      const rule = await createRecurringExpense(ctx, erin, {
        ...monthly('2026-01-10'),
        categoryId: category,
      });
      await call(ctx, erin, 'PATCH', `/api/v1/expense-categories/${category}`, { archived: true });
      const failed = await materialise(rule.id, '2026-02-20');
      expect(failed).toMatchObject({
        created: 0,
        failed: [{ ruleId: rule.id, code: 'REFERENCED_RESOURCE_NOT_FOUND' }],
      });
      expect(await expenseDatesOf(ctx, erin.id)).toEqual([]);
      expect(await read(erin, rule.id)).toMatchObject({ materialisedThrough: null });

      await call(ctx, erin, 'PATCH', `/api/v1/expense-categories/${category}`, { archived: false });
      await materialise(rule.id, '2026-02-20');
      expect(await expenseDatesOf(ctx, erin.id)).toEqual(['2026-01-10', '2026-02-10']);
    });

    it('does not create again an occurrence whose expense the user deleted', async () => {
      const rule = await createRecurringExpense(ctx, ann, monthly('2026-01-03', { count: 2 }));
      await materialise(rule.id, '2026-01-03');
      const [{ id }] = await dataSource.query<{ id: string }[]>(
        `SELECT expense_id AS id FROM recurring_expense_occurrences WHERE recurring_expense_id = $1`,
        [rule.id],
      );
      expect((await call(ctx, ann, 'DELETE', `/api/v1/expenses/${id}`)).statusCode).toBe(204);
      await materialise(rule.id, '2026-03-01');
      expect(await materialisedDates(ctx, rule.id)).toEqual(['2026-02-03']);
      expect(
        await countRows(ctx, 'recurring_expense_occurrences', 'recurring_expense_id = $1', [
          rule.id,
        ]),
      ).toBe(2);
    });
  });

  describe('update, pause, resume and delete', () => {
    it('changes only what comes after the watermark', async () => {
      const rule = await createRecurringExpense(ctx, ann, monthly('2026-01-31'));
      await materialise(rule.id, '2026-02-28');
      const url = `${RECURRING_EXPENSES}/${rule.id}`;
      const change = { amount: { amount: '990.00', currency: 'EUR' }, payee: 'New landlord' };
      const updated = await call(ctx, ann, 'PATCH', url, change, { 'if-match': 'W/"1"' });
      expect(updated.statusCode).toBe(200);
      expect(updated.headers.etag).toBe('W/"2"');
      expect(updated.json()).toMatchObject({
        version: 2,
        amount: { amount: '990.00', currency: 'EUR' },
        payee: 'New landlord',
        materialisedThrough: '2026-02-28',
        nextOccurrence: '2026-03-31',
      });

      // A new schedule: the 15th, every 2 months. What exists stays; the next date moves.
      const rescheduled = await call(
        ctx,
        ann,
        'PATCH',
        url,
        { dayOfMonth: 15, interval: 2 },
        { 'if-match': 'W/"2"' },
      );
      expect(rescheduled.json()).toMatchObject({
        version: 3,
        dayOfMonth: 15,
        interval: 2,
        materialisedThrough: '2026-02-28',
        nextOccurrence: '2026-03-15',
      });
      await materialise(rule.id, '2026-05-31');
      const expenses = await dataSource.query<{ date: string; amount: string; payee: string }[]>(
        `SELECT to_char(e.spent_on, 'YYYY-MM-DD') AS date, e.amount::text AS amount, e.payee
         FROM recurring_expense_occurrences o JOIN expenses e ON e.id = o.expense_id
         WHERE o.recurring_expense_id = $1 ORDER BY e.spent_on`,
        [rule.id],
      );
      expect(expenses).toEqual([
        { date: '2026-01-31', amount: '950.0000', payee: 'Landlord' },
        { date: '2026-02-28', amount: '950.0000', payee: 'Landlord' },
        { date: '2026-03-15', amount: '990.0000', payee: 'New landlord' },
        { date: '2026-05-15', amount: '990.0000', payee: 'New landlord' },
      ]);

      // The same values again change nothing: no new version, no event.
      const same = await call(ctx, ann, 'PATCH', url, { interval: 2 }, { 'if-match': '*' });
      expect(same.json<RecurringExpenseBody>().version).toBe(3);
      expect(await auditActions(ctx, { resourceId: rule.id })).toEqual([
        'recurring_expense.created',
        'recurring_expense.updated',
        'recurring_expense.updated',
      ]);
      const [event] = await dataSource.query<{ details: { changed: string[] } }[]>(
        `SELECT details FROM audit_events WHERE resource_id = $1
         AND action = 'recurring_expense.updated' ORDER BY sequence DESC LIMIT 1`,
        [rule.id],
      );
      expect(event.details.changed).toEqual(['interval', 'dayOfMonth']);
    });

    it('pauses (nothing is created) and resumes from today, skipping what fell due meanwhile', async () => {
      const rule = await createRecurringExpense(ctx, ann, {
        ...monthly(addDays(today, -20)),
        unit: 'day',
      });
      const url = `${RECURRING_EXPENSES}/${rule.id}`;
      await materialise(rule.id, addDays(today, -15));
      expect(await materialisedDates(ctx, rule.id)).toHaveLength(6);

      const paused = await call(ctx, ann, 'PATCH', url, { active: false }, { 'if-match': 'W/"1"' });
      expect(paused.json()).toMatchObject({ active: false, nextOccurrence: null, version: 2 });
      expect(await materialise(rule.id, addDays(today, -5))).toMatchObject({ created: 0 });
      expect(await materialisedDates(ctx, rule.id)).toHaveLength(6);
      const pausedPreview = await call(ctx, ann, 'GET', `${url}/preview?count=2`);
      expect(pausedPreview.json()).toEqual({ dates: [today, addDays(today, 1)] });

      const resumed = await call(ctx, ann, 'PATCH', url, { active: true }, { 'if-match': 'W/"2"' });
      expect(resumed.json()).toMatchObject({
        active: true,
        version: 3,
        materialisedThrough: addDays(today, -1),
        nextOccurrence: today,
      });
      await materialise(rule.id, today);
      const dates = await materialisedDates(ctx, rule.id);
      expect(dates).toHaveLength(7);
      expect(dates.at(-2)).toBe(addDays(today, -15));
      expect(dates.at(-1)).toBe(today);
      const [event] = await dataSource.query<{ details: { changed: string[]; active: boolean } }[]>(
        `SELECT details FROM audit_events WHERE resource_id = $1 ORDER BY sequence DESC LIMIT 1`,
        [rule.id],
      );
      expect(event.details).toMatchObject({ changed: ['active'], active: true });
    });

    it('deletes the rule and keeps the expenses it created', async () => {
      const rule = await createRecurringExpense(ctx, ann, monthly('2026-01-20', { count: 2 }));
      await materialise(rule.id, '2026-03-01');
      const created = await materialisedDates(ctx, rule.id);
      expect(created).toEqual(['2026-01-20', '2026-02-20']);
      const expensesBefore = await countRows(ctx, 'expenses', 'user_id = $1', [ann.id]);
      const url = `${RECURRING_EXPENSES}/${rule.id}`;
      const deleted = await call(ctx, ann, 'DELETE', url, undefined, { 'if-match': 'W/"1"' });
      expect(deleted.statusCode).toBe(204);
      expect(deleted.body).toBe('');
      expectProblem(await call(ctx, ann, 'GET', url), 404, 'NOT_FOUND');
      expectProblem(await call(ctx, ann, 'DELETE', url), 404, 'NOT_FOUND');
      expect(await countRows(ctx, 'expenses', 'user_id = $1', [ann.id])).toBe(expensesBefore);
      expect(
        await countRows(ctx, 'recurring_expense_occurrences', 'recurring_expense_id = $1', [
          rule.id,
        ]),
      ).toBe(0);
      expect(await auditActions(ctx, { resourceId: rule.id })).toEqual([
        'recurring_expense.created',
        'recurring_expense.deleted',
      ]);
    });
  });

  describe('preview', () => {
    it('lists the next dates of a saved rule after its watermark, and of an unsaved one', async () => {
      const rule = await createRecurringExpense(ctx, ann, monthly('2026-01-31'));
      const url = `${RECURRING_EXPENSES}/${rule.id}/preview`;
      const fresh = await call(ctx, ann, 'GET', `${url}?count=4`);
      expect(fresh.statusCode).toBe(200);
      expect(fresh.json()).toEqual({
        dates: ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30'],
      });
      await materialise(rule.id, '2026-02-28');
      expect((await call(ctx, ann, 'GET', `${url}?count=2`)).json()).toEqual({
        dates: ['2026-03-31', '2026-04-30'],
      });
      expect((await call(ctx, ann, 'GET', url)).json<{ dates: string[] }>().dates).toHaveLength(10);

      const before = await rulesOf(ann);
      const unsaved = await call(ctx, ann, 'POST', `${RECURRING_EXPENSES}/preview?count=5`, {
        unit: 'year',
        interval: 1,
        startDate: '2024-02-29',
        count: 3,
      });
      expect(unsaved.statusCode).toBe(200);
      expect(unsaved.json()).toEqual({ dates: ['2024-02-29', '2025-02-28', '2026-02-28'] });
      expect(await rulesOf(ann)).toBe(before);
    });

    it.each([['count=0'], ['count=101'], ['count=two'], ['count=1.5'], ['other=1']])(
      'refuses the query %s',
      async (query) => {
        const rule = await createRecurringExpense(ctx, ann, monthly('2026-01-31'));
        expectProblem(
          await call(ctx, ann, 'GET', `${RECURRING_EXPENSES}/${rule.id}/preview?${query}`),
          400,
          'VALIDATION_FAILED',
        );
        expectProblem(
          await call(ctx, ann, 'POST', `${RECURRING_EXPENSES}/preview?${query}`, {
            unit: 'day',
            interval: 1,
            startDate: '2026-01-01',
          }),
          400,
          'VALIDATION_FAILED',
        );
      },
    );
  });

  describe('bad input: 4xx problem+json and nothing written', () => {
    const valid = (): Record<string, unknown> => ({
      ...monthly('2026-01-31'),
      note: 'note',
      tags: ['a'],
    });
    type Spoiler = [string, (body: Record<string, unknown>) => void, number, string];
    /** Spoil the schedule: also refused by the preview of an unsaved rule. */
    const scheduleSpoilers: Spoiler[] = [
      ['interval 0', (b) => (b.interval = 0), 400, 'VALIDATION_FAILED'],
      ['interval 1.5', (b) => (b.interval = 1.5), 400, 'VALIDATION_FAILED'],
      ['interval as a string', (b) => (b.interval = '2'), 400, 'VALIDATION_FAILED'],
      ['interval 1001', (b) => (b.interval = 1001), 400, 'VALIDATION_FAILED'],
      ['no interval', (b) => delete b.interval, 400, 'VALIDATION_FAILED'],
      ['an unknown unit', (b) => (b.unit = 'fortnight'), 400, 'VALIDATION_FAILED'],
      ['no unit', (b) => delete b.unit, 400, 'VALIDATION_FAILED'],
      [
        'count and end date both',
        (b) => Object.assign(b, { count: 3, endDate: '2026-12-31' }),
        400,
        'VALIDATION_FAILED',
      ],
      ['count 0', (b) => (b.count = 0), 400, 'VALIDATION_FAILED'],
      ['count 10001', (b) => (b.count = 10_001), 400, 'VALIDATION_FAILED'],
      ['count as a string', (b) => (b.count = '3'), 400, 'VALIDATION_FAILED'],
      ['day of month 32', (b) => (b.dayOfMonth = 32), 400, 'VALIDATION_FAILED'],
      ['day of month 0', (b) => (b.dayOfMonth = 0), 400, 'VALIDATION_FAILED'],
      [
        'day of month on a weekly rule',
        (b) => Object.assign(b, { unit: 'week', dayOfMonth: 5 }),
        400,
        'VALIDATION_FAILED',
      ],
      ['an end before the start', (b) => (b.endDate = '2026-01-30'), 400, 'VALIDATION_FAILED'],
      ['30 February as start', (b) => (b.startDate = '2026-02-30'), 400, 'VALIDATION_FAILED'],
      [
        'a start with a time',
        (b) => (b.startDate = '2026-01-31T00:00:00Z'),
        400,
        'VALIDATION_FAILED',
      ],
      ['a start in 1850', (b) => (b.startDate = '1850-01-31'), 400, 'VALIDATION_FAILED'],
      ['no start', (b) => delete b.startDate, 400, 'VALIDATION_FAILED'],
      ['an end in 2300', (b) => (b.endDate = '2300-01-01'), 400, 'VALIDATION_FAILED'],
      ['an impossible end', (b) => (b.endDate = '2026-13-01'), 400, 'VALIDATION_FAILED'],
      ['an unknown field', (b) => (b.colour = 'red'), 400, 'VALIDATION_FAILED'],
    ];
    /** Spoil the template. */
    const templateSpoilers: Spoiler[] = [
      [
        'an unknown currency',
        (b) => (b.amount = { amount: '1.00', currency: 'XYZ' }),
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
      ['no amount', (b) => delete b.amount, 400, 'VALIDATION_FAILED'],
      ['a category that is not a uuid', (b) => (b.categoryId = 'rent'), 400, 'VALIDATION_FAILED'],
      [
        'a category that does not exist',
        (b) => (b.categoryId = '00000000-0000-4000-8000-000000000000'),
        422,
        'REFERENCED_RESOURCE_NOT_FOUND',
      ],
      ['a payee of 201 characters', (b) => (b.payee = 'p'.repeat(201)), 400, 'VALIDATION_FAILED'],
      ['a note of 2001 characters', (b) => (b.note = 'n'.repeat(2001)), 400, 'VALIDATION_FAILED'],
      [
        '21 tags',
        (b) => (b.tags = Array.from({ length: 21 }, (_, i) => `t${i}`)),
        400,
        'VALIDATION_FAILED',
      ],
      ['a tag with a comma', (b) => (b.tags = ['a,b']), 400, 'VALIDATION_FAILED'],
      ['a vehicle id that is not a uuid', (b) => (b.vehicleId = 'car'), 400, 'VALIDATION_FAILED'],
      ['active as a string', (b) => (b.active = 'yes'), 400, 'VALIDATION_FAILED'],
      [
        'a materialisedThrough',
        (b) => (b.materialisedThrough = '2026-03-01'),
        400,
        'VALIDATION_FAILED',
      ],
    ];

    it.each([...scheduleSpoilers, ...templateSpoilers])(
      'refuses to create with %s',
      async (_name, spoil, status, code) => {
        const body = valid();
        spoil(body);
        const before = await rulesOf(ann);
        const audit = await countRows(ctx, 'audit_events');
        const problem = expectProblem(
          await call(ctx, ann, 'POST', RECURRING_EXPENSES, body),
          status,
          code,
        );
        expect(Array.isArray(problem.errors)).toBe(true);
        expect(await rulesOf(ann)).toBe(before);
        expect(await countRows(ctx, 'audit_events')).toBe(audit);
      },
    );

    it.each(scheduleSpoilers)('refuses to preview a schedule with %s', async (_name, spoil) => {
      const schedule: Record<string, unknown> = {
        unit: 'month',
        interval: 1,
        startDate: '2026-01-31',
      };
      spoil(schedule);
      const problem = expectProblem(
        await call(ctx, ann, 'POST', `${RECURRING_EXPENSES}/preview`, schedule),
        400,
        'VALIDATION_FAILED',
      );
      expect(Array.isArray(problem.errors)).toBe(true);
    });

    it("refuses another user's category and an archived one", async () => {
      const bobCategory = (await categoriesOf(ctx, bob)).get('housing')!.id;
      const before = await rulesOf(ann);
      expectProblem(
        await call(ctx, ann, 'POST', RECURRING_EXPENSES, { ...valid(), categoryId: bobCategory }),
        422,
        'REFERENCED_RESOURCE_NOT_FOUND',
      );
      const archived = (await categoriesOf(ctx, ann)).get('travel')!.id;
      await call(ctx, ann, 'PATCH', `/api/v1/expense-categories/${archived}`, { archived: true });
      expectProblem(
        await call(ctx, ann, 'POST', RECURRING_EXPENSES, { ...valid(), categoryId: archived }),
        422,
        'RESOURCE_ARCHIVED',
      );
      expect(await rulesOf(ann)).toBe(before);
    });

    it('refuses bad updates, also ones that only clash with the stored rule, and writes nothing', async () => {
      const weekly = await createRecurringExpense(ctx, ann, {
        ...valid(),
        unit: 'week',
        count: 5,
      });
      const updates: [Record<string, unknown>, number][] = [
        [{ interval: 0 }, 400],
        [{ interval: null }, 400],
        [{ unit: 'fortnight' }, 400],
        [{ unit: null }, 400],
        [{ dayOfMonth: 32 }, 400],
        [{ dayOfMonth: 10 }, 400],
        [{ endDate: '2026-12-31' }, 400],
        [{ count: 0 }, 400],
        [{ startDate: '2026-02-30' }, 400],
        [{ startDate: null }, 400],
        [{ count: null, endDate: '2026-01-01' }, 400],
        [{ amount: { amount: '1.00', currency: 'XYZ' } }, 400],
        [{ amount: { amount: '1.005', currency: 'EUR' } }, 400],
        [{ amount: null }, 400],
        [{ categoryId: null }, 400],
        [{ categoryId: '00000000-0000-4000-8000-000000000000' }, 422],
        [{ payee: 'p'.repeat(201) }, 400],
        [{ tags: ['x'.repeat(40)] }, 400],
        [{ vehicleId: 'car' }, 400],
        [{ active: null }, 400],
        [{ active: 'no' }, 400],
        [{ version: 2 }, 400],
        [{ nextOccurrence: '2026-03-01' }, 400],
      ];
      const audit = await countRows(ctx, 'audit_events');
      for (const [update, status] of updates) {
        const response = await call(
          ctx,
          ann,
          'PATCH',
          `${RECURRING_EXPENSES}/${weekly.id}`,
          update,
          { 'if-match': 'W/"1"' },
        );
        expect({ update, status: response.statusCode }).toEqual({ update, status });
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      expect(await read(ann, weekly.id)).toEqual(weekly);
      expect(await countRows(ctx, 'audit_events')).toBe(audit);
    });

    it('refuses a malformed id in every path and a malformed If-Match', async () => {
      for (const [method, path] of [
        ['GET', 'not-a-uuid'],
        ['PATCH', 'not-a-uuid'],
        ['DELETE', 'not-a-uuid'],
        ['GET', 'not-a-uuid/preview'],
      ] as const) {
        expectProblem(
          await call(
            ctx,
            ann,
            method,
            `${RECURRING_EXPENSES}/${path}`,
            method === 'PATCH' ? {} : undefined,
            {
              'if-match': '*',
            },
          ),
          400,
          'VALIDATION_FAILED',
        );
      }
      const rule = await createRecurringExpense(ctx, ann, valid());
      expectProblem(
        await call(
          ctx,
          ann,
          'PATCH',
          `${RECURRING_EXPENSES}/${rule.id}`,
          { interval: 2 },
          {
            'if-match': 'version-one',
          },
        ),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await call(ctx, ann, 'DELETE', `${RECURRING_EXPENSES}/${rule.id}`, undefined, {
          'if-match': 'W/one',
        }),
        400,
        'VALIDATION_FAILED',
      );
      expect((await read(ann, rule.id)).version).toBe(1);
    });

    it('refuses a body that is not an object', async () => {
      const before = await rulesOf(ann);
      expectProblem(
        await call(ctx, ann, 'POST', RECURRING_EXPENSES, [valid()]),
        400,
        'VALIDATION_FAILED',
      );
      expect(await rulesOf(ann)).toBe(before);
    });
  });

  describe('ownership and access', () => {
    it("answers 404 for another user's rule's preview and for an id no one has", async () => {
      const rule = await createRecurringExpense(ctx, ann, monthly('2026-01-31'));
      const url = `${RECURRING_EXPENSES}/${rule.id}`;
      expectProblem(await call(ctx, bob, 'GET', `${url}/preview`), 404, 'NOT_FOUND');
      expect(await read(ann, rule.id)).toEqual(rule);
      const unknown = `${RECURRING_EXPENSES}/00000000-0000-4000-8000-000000000000`;
      expectProblem(await call(ctx, ann, 'GET', unknown), 404, 'NOT_FOUND');
    });

    it('needs expenses:read to preview; no anonymous calls', async () => {
      const rule = await createRecurringExpense(ctx, ann, monthly('2026-01-31'));
      const response = await call(ctx, ann, 'POST', '/api/v1/me/api-keys', {
        name: 'recurring expenses:read',
        scopes: ['expenses:read'],
      });
      const reader = { headers: { 'x-api-key': response.json<{ key: string }>().key } };
      const url = `${RECURRING_EXPENSES}/${rule.id}`;
      expect((await call(ctx, reader, 'GET', `${url}/preview`)).statusCode).toBe(200);
      const schedule = { unit: 'day', interval: 1, startDate: '2026-01-01' };
      expect(
        (await call(ctx, reader, 'POST', `${RECURRING_EXPENSES}/preview`, schedule)).statusCode,
      ).toBe(200);
      expectProblem(
        await ctx.inject({
          method: 'POST',
          url: `${RECURRING_EXPENSES}/preview`,
          payload: schedule,
        }),
        401,
        'UNAUTHENTICATED',
      );
    });
  });
});
