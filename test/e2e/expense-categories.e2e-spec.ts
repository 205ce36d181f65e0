import { DEFAULT_CATEGORIES } from 'src/modules/expenses/categories/default-categories';
import { newUser, TestUser } from 'test/support/auth';
import { auditActions, countRows } from 'test/support/expenses';
import { call, CategoryBody, categoriesOf, createExpense } from 'test/support/expenses-api';
import { expectProblem } from 'test/support/problem';
import { startTestApp, TestApp } from 'test/support/test-app';

describe('expense categories', () => {
  let ctx: TestApp;
  let ann: TestUser;
  let bob: TestUser;

  const categoryCount = (user: TestUser): Promise<number> =>
    countRows(ctx, 'expense_categories', 'user_id = $1', [user.id]);
  const create = (user: TestUser, body: Record<string, unknown>, headers = {}) =>
    call(ctx, user, 'POST', '/api/v1/expense-categories', body, headers);
  const patch = (user: TestUser, id: string, body: Record<string, unknown>) =>
    call(ctx, user, 'PATCH', `/api/v1/expense-categories/${id}`, body);
  const names = async (user: TestUser, query: string): Promise<string[]> => {
    const response = await call(ctx, user, 'GET', `/api/v1/expense-categories?limit=100&${query}`);
    expect(response.statusCode).toBe(200);
    return response.json<{ data: CategoryBody[] }>().data.map((category) => category.name);
  };

  beforeAll(async () => {
    ctx = await startTestApp();
    ann = await newUser(ctx);
    bob = await newUser(ctx);
  });

  afterAll(async () => {
    await ctx.close();
  });

  it('gives each user the default categories once, on first use', async () => {
    const first = await categoriesOf(ctx, ann);
    expect(first.size).toBe(DEFAULT_CATEGORIES.length);
    expect([...first.values()].every((c) => c.parentId === null && !c.archived)).toBe(true);
    expect(first.get('groceries')).toMatchObject({ name: 'Groceries', defaultKey: 'groceries' });
    await categoriesOf(ctx, ann);
    expect(await categoryCount(ann)).toBe(DEFAULT_CATEGORIES.length);
    // Seeding is bookkeeping, not a user's change: no audit event.
    expect(await auditActions(ctx, { actionPrefix: 'expense_category.' })).toEqual([]);
  });

  it('still seeds the defaults when a user’s first act is creating a category', async () => {
    const carol = await newUser(ctx);
    expect((await create(carol, { name: 'Pets' })).statusCode).toBe(201);
    expect(await categoryCount(carol)).toBe(DEFAULT_CATEGORIES.length + 1);
  });

  it('creates top-level and sub-categories, one level deep, with unique names per parent', async () => {
    const pets = await create(ann, { name: '  Pets   and  vets ' });
    expect(pets.statusCode).toBe(201);
    const parent = pets.json<CategoryBody>();
    expect(parent).toMatchObject({
      name: 'Pets and vets',
      parentId: null,
      defaultKey: null,
      archived: false,
    });
    expect(await auditActions(ctx, { resourceId: parent.id })).toEqual([
      'expense_category.created',
    ]);

    const food = await create(ann, { name: 'Food', parentId: parent.id });
    expect(food.statusCode).toBe(201);
    const sub = food.json<CategoryBody>();
    expect(sub.parentId).toBe(parent.id);

    const before = await categoryCount(ann);
    const auditBefore = await countRows(ctx, 'audit_events');
    expectProblem(await create(ann, { name: 'Treats', parentId: sub.id }), 422, 'UNPROCESSABLE');
    expectProblem(await create(ann, { name: 'PETS AND VETS' }), 409, 'ALREADY_EXISTS');
    expectProblem(await create(ann, { name: 'food', parentId: parent.id }), 409, 'ALREADY_EXISTS');
    expectProblem(await create(ann, { name: 'groceries' }), 409, 'ALREADY_EXISTS');
    expect(await categoryCount(ann)).toBe(before);
    expect(await countRows(ctx, 'audit_events')).toBe(auditBefore);

    // The same name under another parent, or at the top, is another category.
    expect((await create(ann, { name: 'Food' })).statusCode).toBe(201);
    const groceries = (await categoriesOf(ctx, ann)).get('groceries')!.id;
    expect((await create(ann, { name: 'Food', parentId: groceries })).statusCode).toBe(201);
    expect(await names(ann, `parentId=${parent.id}`)).toEqual(['Food']);
  });

  it.each([
    ['an empty name', { name: '   ' }],
    ['a name of 61 characters', { name: 'n'.repeat(61) }],
    ['a name with a control character', { name: 'Bad\u0007name' }],
    ['a name that is a number', { name: 7 }],
    ['no name', {}],
    ['a parent that is not a uuid', { name: 'X', parentId: 'top' }],
    ['an unknown field', { name: 'X', colour: 'red' }],
  ])('refuses %s with 400 and writes nothing', async (_name, body) => {
    const before = await categoryCount(ann);
    const response = await create(ann, body);
    expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(await categoryCount(ann)).toBe(before);
  });

  it("refuses a parent that is another user's or does not exist (422)", async () => {
    const bobsGroceries = (await categoriesOf(ctx, bob)).get('groceries')!.id;
    const before = await categoryCount(ann);
    expectProblem(
      await create(ann, { name: 'Mine', parentId: bobsGroceries }),
      422,
      'REFERENCED_RESOURCE_NOT_FOUND',
    );
    expectProblem(
      await create(ann, { name: 'Mine', parentId: '00000000-0000-4000-8000-000000000000' }),
      422,
      'REFERENCED_RESOURCE_NOT_FOUND',
    );
    expect(await categoryCount(ann)).toBe(before);
  });

  it('renames, with one audit event, and refuses a clash', async () => {
    const made = (await create(ann, { name: 'Hobbies' })).json<CategoryBody>();
    const renamed = await patch(ann, made.id, { name: 'Hobbies and crafts' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json<CategoryBody>().name).toBe('Hobbies and crafts');
    expectProblem(await patch(ann, made.id, { name: 'HOUSING' }), 409, 'ALREADY_EXISTS');
    expectProblem(await patch(ann, made.id, { name: '' }), 400, 'VALIDATION_FAILED');
    expectProblem(await patch(ann, made.id, { archived: 'yes' }), 400, 'VALIDATION_FAILED');
    // A no-op is not a change.
    expect((await patch(ann, made.id, { name: 'Hobbies and crafts' })).statusCode).toBe(200);
    expect(await auditActions(ctx, { resourceId: made.id })).toEqual([
      'expense_category.created',
      'expense_category.renamed',
    ]);
  });

  it('archives: kept on old expenses, refused for new ones, listed on request, unarchived', async () => {
    const parent = (await create(ann, { name: 'Garden' })).json<CategoryBody>();
    const child = (await create(ann, { name: 'Seeds', parentId: parent.id })).json<CategoryBody>();
    const expense = await createExpense(ctx, ann, {
      amount: { amount: '4.00', currency: 'EUR' },
      date: '2026-03-02',
      categoryId: child.id,
    });

    expectProblem(await patch(ann, parent.id, { archived: true }), 409, 'CONFLICT');
    const archivedChild = await patch(ann, child.id, { archived: true });
    expect(archivedChild.json<CategoryBody>()).toMatchObject({ archived: true });
    expect((await patch(ann, parent.id, { archived: true })).statusCode).toBe(200);

    // History keeps the category; the expense can still be edited otherwise.
    const read = await call(ctx, ann, 'GET', `/api/v1/expenses/${expense.id}`);
    expect(read.json<{ categoryId: string }>().categoryId).toBe(child.id);
    const edited = await call(
      ctx,
      ann,
      'PATCH',
      `/api/v1/expenses/${expense.id}`,
      { note: 'ok' },
      { 'if-match': 'W/"1"' },
    );
    expect(edited.statusCode).toBe(200);
    expectProblem(
      await call(ctx, ann, 'POST', '/api/v1/expenses', {
        amount: { amount: '1.00', currency: 'EUR' },
        date: '2026-03-02',
        categoryId: child.id,
      }),
      422,
      'RESOURCE_ARCHIVED',
    );
    expectProblem(
      await create(ann, { name: 'Bulbs', parentId: parent.id }),
      422,
      'RESOURCE_ARCHIVED',
    );

    expect(await names(ann, '')).not.toContain('Garden');
    expect(await names(ann, 'archived=only')).toEqual(['Garden', 'Seeds']);
    expect(await names(ann, 'archived=include')).toEqual(
      expect.arrayContaining(['Garden', 'Seeds', 'Housing']),
    );
    expectProblem(
      await call(ctx, ann, 'GET', '/api/v1/expense-categories?archived=maybe'),
      400,
      'VALIDATION_FAILED',
    );

    expectProblem(await patch(ann, child.id, { archived: false }), 409, 'CONFLICT');
    expect((await patch(ann, parent.id, { archived: false })).statusCode).toBe(200);
    expect((await patch(ann, child.id, { archived: false })).json<CategoryBody>().archived).toBe(
      false,
    );
    expect(await auditActions(ctx, { resourceId: child.id })).toEqual([
      'expense_category.created',
      'expense_category.archived',
      'expense_category.unarchived',
    ]);
  });

  it("answers 404 for another user's category and 400 for a malformed id", async () => {
    const mine = (await create(ann, { name: 'Private' })).json<CategoryBody>();
    expectProblem(
      await call(ctx, bob, 'GET', `/api/v1/expense-categories/${mine.id}`),
      404,
      'NOT_FOUND',
    );
    expectProblem(await patch(bob, mine.id, { name: 'Stolen' }), 404, 'NOT_FOUND');
    expect(
      (await call(ctx, ann, 'GET', `/api/v1/expense-categories/${mine.id}`)).json<CategoryBody>()
        .name,
    ).toBe('Private');
    expectProblem(
      await call(ctx, ann, 'GET', '/api/v1/expense-categories/private'),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('pages through categories by name with cursors', async () => {
    const all = await names(ann, 'archived=include');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/expense-categories?archived=include&limit=4${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await call(ctx, ann, 'GET', url)).json<{
        data: CategoryBody[];
        nextCursor: string | null;
      }>();
      seen.push(...page.data.map((category) => category.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    const lower = all.map((name) => name.toLowerCase());
    expect(lower).toEqual([...lower].sort());
    expectProblem(
      await call(ctx, ann, 'GET', '/api/v1/expense-categories?cursor=abc'),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('creates once per Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'category-1' };
    const first = await create(ann, { name: 'Once' }, headers);
    const again = await create(ann, { name: 'Once' }, headers);
    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.body).toBe(first.body);
    expect(await names(ann, '')).toEqual(expect.arrayContaining(['Once']));
    expect((await names(ann, '')).filter((name) => name === 'Once')).toHaveLength(1);
  });
});
