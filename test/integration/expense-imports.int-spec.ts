import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError } from 'typeorm';
import { UsersService } from 'src/modules/auth/users/users.service';
import { CategoriesRepository } from 'src/modules/expenses/categories/categories.repository';
import { ExpenseWriter } from 'src/modules/expenses/expense-writer.service';
import { ExpensesRepository } from 'src/modules/expenses/expenses.repository';
import { ExpenseImport } from 'src/modules/expenses/import/entities/expense-import.entity';
import { ExpenseImportsRepository } from 'src/modules/expenses/import/expense-imports.repository';
import { strongPassword, uniqueEmail } from 'test/support/auth';
import { auditActions, countRows, insertFxRates } from 'test/support/expenses';
import { startTestApp, TestApp } from 'test/support/test-app';

/** The bulk writes and reads an import is made of, on real PostgreSQL. */
describe('expense import storage (real PostgreSQL)', () => {
  let ctx: TestApp;
  let dataSource: DataSource;
  let writer: ExpenseWriter;
  let imports: ExpenseImportsRepository;

  async function user(): Promise<{ userId: string; categoryId: string }> {
    const created = await ctx.app.get(UsersService).create({
      email: uniqueEmail(),
      password: strongPassword(),
      displayName: 'Import test',
    });
    await ctx.app.get(CategoriesRepository).seedDefaults(created.id);
    const [category] = await dataSource.query<{ id: string }[]>(
      'SELECT id FROM expense_categories WHERE user_id = $1 LIMIT 1',
      [created.id],
    );
    return { userId: created.id, categoryId: category.id };
  }

  function batch(userId: string): ExpenseImport {
    return {
      id: randomUUID(),
      userId,
      status: 'committed',
      fileName: null,
      fileSizeBytes: 1,
      fileSha256: 'a'.repeat(64),
      options: {},
      rowCount: 1,
      createdCount: 1,
      duplicateCount: 0,
      skippedCount: 0,
      createdCategories: [],
      createdAt: new Date(),
      undoneAt: null,
      deletedCount: null,
    };
  }

  beforeAll(async () => {
    ctx = await startTestApp();
    dataSource = ctx.app.get(DataSource);
    writer = ctx.app.get(ExpenseWriter);
    imports = ctx.app.get(ExpenseImportsRepository);
    await insertFxRates(dataSource, { '2026-03-02': { USD: '1.2500' } });
  });

  afterAll(async () => {
    await ctx.close();
  });

  it('creates many expenses without reading them back: ids in input order, converted, unaudited', async () => {
    const { userId, categoryId } = await user();
    const ids = await dataSource.transaction((manager) =>
      writer.createManyIds(manager, userId, [
        { amount: '12.5', currency: 'USD', date: '2026-03-02', categoryId, payee: ' A ' },
        { amount: '3', currency: 'EUR', date: '2026-03-03', categoryId },
      ]),
    );
    const rows = await dataSource.query<
      { id: string; amount: string; base_amount: string; payee: string | null }[]
    >(
      `SELECT id, amount::text, base_amount::text, payee FROM expenses
       WHERE id = ANY($1::uuid[]) ORDER BY array_position($1::uuid[], id)`,
      [ids],
    );
    expect(rows).toEqual([
      { id: ids[0], amount: '12.5000', base_amount: '10.00', payee: 'A' },
      { id: ids[1], amount: '3.0000', base_amount: '3.00', payee: null },
    ]);
    expect(await auditActions(ctx, { resourceId: ids[0] })).toEqual([]);
  });

  it('deletes only the caller’s expenses among the ids it is given', async () => {
    const ann = await user();
    const bob = await user();
    const create = (owner: { userId: string; categoryId: string }) =>
      dataSource.transaction((manager) =>
        writer.createManyIds(manager, owner.userId, [
          { amount: '1', currency: 'EUR', date: '2026-03-02', categoryId: owner.categoryId },
          { amount: '2', currency: 'EUR', date: '2026-03-02', categoryId: owner.categoryId },
        ]),
      );
    const annIds = await create(ann);
    const bobIds = await create(bob);
    const deleted = await dataSource.transaction((manager) =>
      writer.deleteMany(manager, ann.userId, [...annIds, ...bobIds, randomUUID()]),
    );
    expect(deleted.sort()).toEqual([...annIds].sort());
    expect(await countRows(dataSource, 'expenses', 'id = ANY($1::uuid[])', [bobIds])).toBe(2);
  });

  it('finds the user’s expenses on given days and amounts, amounts as the currency writes them', async () => {
    const { userId, categoryId } = await user();
    await dataSource.transaction((manager) =>
      writer.createManyIds(manager, userId, [
        { amount: '4.5', currency: 'EUR', date: '2026-03-02', categoryId, payee: 'Cafe' },
        { amount: '4.5', currency: 'EUR', date: '2026-03-02', categoryId, payee: 'CAFE' },
        { amount: '4.5', currency: 'EUR', date: '2026-03-03', categoryId, payee: 'Cafe' },
        { amount: '9', currency: 'EUR', date: '2026-03-02', categoryId },
      ]),
    );
    const found = await ctx.app.get(ExpensesRepository).findSameDayAmounts(userId, [
      { date: '2026-03-02', amount: '4.50', currency: 'EUR' },
      { date: '2026-03-02', amount: '4.50', currency: 'EUR' },
      { date: '2026-03-02', amount: '4.50', currency: 'USD' },
    ]);
    expect(found.map((row) => [row.date, row.amount, row.payee]).sort()).toEqual([
      ['2026-03-02', '4.50', 'CAFE'],
      ['2026-03-02', '4.50', 'Cafe'],
    ]);
  });

  it('keeps a dedupe key unique per user, not across users', async () => {
    const ann = await user();
    const bob = await user();
    const write = (owner: string, line: number) =>
      dataSource.transaction(async (manager) => {
        const row = batch(owner);
        await imports.insert(row, manager);
        await imports.insertRows(
          row.id,
          owner,
          [{ line, dedupeKey: 'same-key', expenseId: randomUUID() }],
          manager,
        );
        return row.id;
      });
    const annImport = await write(ann.userId, 2);
    await expect(write(ann.userId, 3)).rejects.toBeInstanceOf(QueryFailedError);
    await write(bob.userId, 2);
    expect(await imports.findImportedKeys(ann.userId, ['same-key', 'other'])).toEqual(
      new Map([['same-key', annImport]]),
    );
  });

  it('frees an import’s keys when its rows are deleted, answering the expenses they became', async () => {
    const { userId } = await user();
    const row = batch(userId);
    const expenseIds = [randomUUID(), randomUUID()];
    await dataSource.transaction(async (manager) => {
      await imports.insert(row, manager);
      await imports.insertRows(
        row.id,
        userId,
        expenseIds.map((expenseId, index) => ({
          line: index + 2,
          dedupeKey: `k${index}`,
          expenseId,
        })),
        manager,
      );
    });
    const freed = await dataSource.transaction((manager) => imports.deleteRows(row.id, manager));
    expect(freed.sort()).toEqual([...expenseIds].sort());
    expect(await imports.findImportedKeys(userId, ['k0', 'k1'])).toEqual(new Map());
  });

  it('serialises the imports of one user with its lock, and not those of two users', async () => {
    const ann = await user();
    const bob = await user();
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = dataSource.transaction(async (manager) => {
      await imports.lockUser(ann.userId, manager);
      order.push('first locked');
      await held;
      order.push('first done');
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const other = dataSource.transaction(async (manager) => {
      await imports.lockUser(bob.userId, manager);
      order.push('other user locked');
    });
    await other;
    const second = dataSource.transaction(async (manager) => {
      await imports.lockUser(ann.userId, manager);
      order.push('second locked');
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first locked', 'other user locked', 'first done', 'second locked']);
  });
});
