import { DataSource } from 'typeorm';
import { AppException } from 'src/platform/errors/app.exception';
import { UsersService } from 'src/modules/auth/users/users.service';
import { CategoriesRepository } from 'src/modules/expenses/categories/categories.repository';
import { ExpenseWriter } from 'src/modules/expenses/expense-writer.service';
import { strongPassword, uniqueEmail } from 'test/support/auth';
import { auditActions, countRows, insertFxRates } from 'test/support/expenses';
import { startTestApp, TestApp } from 'test/support/test-app';

describe('ExpenseWriter (real PostgreSQL)', () => {
  let ctx: TestApp;
  let dataSource: DataSource;
  let writer: ExpenseWriter;

  async function userWithCategories(): Promise<{ userId: string; categoryIds: string[] }> {
    const user = await ctx.app.get(UsersService).create({
      email: uniqueEmail(),
      password: strongPassword(),
      displayName: 'Writer test',
    });
    await ctx.app.get(CategoriesRepository).seedDefaults(user.id);
    const rows = await dataSource.query<{ id: string }[]>(
      'SELECT id FROM expense_categories WHERE user_id = $1 ORDER BY name',
      [user.id],
    );
    return { userId: user.id, categoryIds: rows.map((row) => row.id) };
  }

  beforeAll(async () => {
    ctx = await startTestApp();
    dataSource = ctx.app.get(DataSource);
    writer = ctx.app.get(ExpenseWriter);
    await insertFxRates(dataSource, {
      '2026-03-02': { USD: '1.0800', JPY: '162.50' },
      '2026-03-03': { USD: '1.0900', JPY: '163.00' },
    });
  });

  afterAll(async () => {
    await ctx.close();
  });

  it('seeds the default categories once, however often it is asked', async () => {
    const { userId, categoryIds } = await userWithCategories();
    await ctx.app.get(CategoriesRepository).seedDefaults(userId);
    expect(categoryIds.length).toBeGreaterThan(5);
    expect(await countRows(dataSource, 'expense_categories', 'user_id = $1', [userId])).toBe(
      categoryIds.length,
    );
  });

  it('converts into the base currency with the rate of the latest date on or before', async () => {
    const { userId, categoryIds } = await userWithCategories();
    const expense = await dataSource.transaction((manager) =>
      writer.create(manager, userId, {
        amount: '10.8',
        currency: 'USD',
        date: '2026-03-02',
        categoryId: categoryIds[0],
        tags: [' Coffee ', 'coffee', 'Work  Trip'],
        payee: '  Blue Bottle ',
      }),
    );
    expect(expense).toMatchObject({
      amount: '10.80',
      currency: 'USD',
      baseCurrency: 'EUR',
      baseAmount: '10.00',
      fxRateDate: '2026-03-02',
      fxSource: 'ECB',
      fxMissingReason: null,
      tags: ['coffee', 'work trip'],
      payee: 'Blue Bottle',
      version: 1,
    });
    expect(await auditActions(ctx, { resourceId: expense.id })).toEqual(['expense.created']);
  });

  it('creates many in one go, all or nothing', async () => {
    const { userId, categoryIds } = await userWithCategories();
    const inputs = [
      { amount: '1000', currency: 'JPY', date: '2026-03-03', categoryId: categoryIds[1] },
      { amount: '5', currency: 'EUR', date: '2026-03-03', categoryId: categoryIds[2] },
    ];
    const stored = await dataSource.transaction((manager) =>
      writer.createMany(manager, userId, inputs),
    );
    expect(stored.map((e) => [e.amount, e.baseAmount, e.fxSource])).toEqual([
      ['1000', '6.13', 'ECB'],
      ['5.00', '5.00', 'IDENTITY'],
    ]);

    const before = await countRows(dataSource, 'expenses', 'user_id = $1', [userId]);
    const failure = await dataSource
      .transaction((manager) =>
        writer.createMany(manager, userId, [
          inputs[0],
          { ...inputs[1], categoryId: '00000000-0000-4000-8000-000000000000' },
        ]),
      )
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppException);
    expect((failure as AppException).code).toBe('REFERENCED_RESOURCE_NOT_FOUND');
    expect(await countRows(dataSource, 'expenses', 'user_id = $1', [userId])).toBe(before);
  });

  it('updates with a version check and deletes', async () => {
    const { userId, categoryIds } = await userWithCategories();
    const created = await dataSource.transaction((manager) =>
      writer.create(manager, userId, {
        amount: '20',
        currency: 'USD',
        date: '2026-03-02',
        categoryId: categoryIds[0],
        fxRate: '0.5',
      }),
    );
    expect(created).toMatchObject({ baseAmount: '10.00', fxSource: 'USER', fxRate: '0.5' });

    const updated = await dataSource.transaction((manager) =>
      writer.update(manager, userId, created.id, 1, { amount: '30.00' }),
    );
    // The user's rate survives a new amount in the same currency.
    expect(updated).toMatchObject({ version: 2, baseAmount: '15.00', fxSource: 'USER' });

    const stale = await dataSource
      .transaction((manager) => writer.update(manager, userId, created.id, 1, { note: 'x' }))
      .catch((error: unknown) => error);
    expect((stale as AppException).code).toBe('PRECONDITION_FAILED');

    const other = await userWithCategories();
    const foreign = await dataSource
      .transaction((manager) => writer.delete(manager, other.userId, created.id, undefined))
      .catch((error: unknown) => error);
    expect((foreign as AppException).code).toBe('NOT_FOUND');

    await dataSource.transaction((manager) => writer.delete(manager, userId, created.id, 2));
    expect(await countRows(dataSource, 'expenses', 'id = $1', [created.id])).toBe(0);
    expect(await auditActions(ctx, { resourceId: created.id })).toEqual([
      'expense.created',
      'expense.updated',
      'expense.deleted',
    ]);
  });
});
