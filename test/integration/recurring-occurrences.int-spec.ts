import { DataSource, QueryRunner } from 'typeorm';
import { UsersService } from 'src/modules/auth/users/users.service';
import { CategoriesRepository } from 'src/modules/expenses/categories/categories.repository';
import { RecurringExpensesRepository } from 'src/modules/expenses/recurring/recurring-expenses.repository';
import { RecurringOccurrencesRepository } from 'src/modules/expenses/recurring/recurring-occurrences.repository';
import { strongPassword, uniqueEmail } from 'test/support/auth';
import { startTestApp, TestApp } from 'test/support/test-app';

/**
 * The two layers of exactly-once materialisation, each on its own against real PostgreSQL:
 * the rule lock that lets a second worker skip a rule in progress, and the (rule, date)
 * primary key that stops a second transaction from claiming an occurrence even without it.
 */
describe('recurring occurrences (real PostgreSQL)', () => {
  let ctx: TestApp;
  let dataSource: DataSource;
  let rules: RecurringExpensesRepository;
  let occurrences: RecurringOccurrencesRepository;
  const now = new Date('2026-03-01T00:05:00.000Z');

  async function newRule(): Promise<string> {
    const user = await ctx.app.get(UsersService).create({
      email: uniqueEmail(),
      password: strongPassword(),
      displayName: 'Occurrence test',
    });
    await ctx.app.get(CategoriesRepository).seedDefaults(user.id);
    const [category] = await dataSource.query<{ id: string }[]>(
      'SELECT id FROM expense_categories WHERE user_id = $1 LIMIT 1',
      [user.id],
    );
    const rule = await dataSource.transaction((manager) =>
      rules.insert(
        {
          userId: user.id,
          categoryId: category.id,
          amount: '5.00',
          currency: 'EUR',
          payee: null,
          note: null,
          tags: [],
          vehicleId: null,
          unit: 'day',
          interval: 1,
          dayOfMonth: null,
          startDate: '2026-02-01',
          endDate: null,
          count: null,
          active: true,
          materialisedThrough: null,
          nextOccurrence: '2026-02-01',
        },
        now,
        manager,
      ),
    );
    return rule.id;
  }

  async function begin(): Promise<QueryRunner> {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    return runner;
  }

  beforeAll(async () => {
    ctx = await startTestApp();
    dataSource = ctx.app.get(DataSource);
    rules = ctx.app.get(RecurringExpensesRepository);
    occurrences = ctx.app.get(RecurringOccurrencesRepository);
  });

  afterAll(async () => {
    await ctx.close();
  });

  it('lets only one transaction claim an occurrence: the other waits, then gets nothing', async () => {
    const ruleId = await newRule();
    const first = await begin();
    const second = await begin();
    try {
      expect(
        await occurrences.claim(ruleId, ['2026-02-01', '2026-02-02'], now, first.manager),
      ).toEqual(['2026-02-01', '2026-02-02']);
      // Blocks on the first transaction's uncommitted rows until it commits.
      const racing = occurrences.claim(
        ruleId,
        ['2026-02-02', '2026-02-01', '2026-02-03'],
        now,
        second.manager,
      );
      await first.commitTransaction();
      expect(await racing).toEqual(['2026-02-03']);
      await second.commitTransaction();
    } finally {
      await first.release();
      await second.release();
    }
    const rows = await dataSource.query<{ date: string }[]>(
      `SELECT to_char(occurs_on, 'YYYY-MM-DD') AS date FROM recurring_expense_occurrences
       WHERE recurring_expense_id = $1 ORDER BY occurs_on`,
      [ruleId],
    );
    expect(rows.map((row) => row.date)).toEqual(['2026-02-01', '2026-02-02', '2026-02-03']);
  });

  it('gives the claim back when its transaction rolls back, so a retry makes it', async () => {
    const ruleId = await newRule();
    const failed = await begin();
    try {
      await occurrences.claim(ruleId, ['2026-02-01'], now, failed.manager);
      await failed.rollbackTransaction();
    } finally {
      await failed.release();
    }
    expect(
      await dataSource.transaction((manager) =>
        occurrences.claim(ruleId, ['2026-02-01'], now, manager),
      ),
    ).toEqual(['2026-02-01']);
  });

  it('skips a rule another transaction holds, and finds it no longer due once that one is done', async () => {
    const ruleId = await newRule();
    const holder = await begin();
    try {
      expect(await rules.lockIfDue(ruleId, '2026-02-03', holder.manager)).toMatchObject({
        id: ruleId,
        materialisedThrough: null,
      });
      // SKIP LOCKED: at once, without waiting for the holder.
      expect(
        await dataSource.transaction((manager) => rules.lockIfDue(ruleId, '2026-02-03', manager)),
      ).toBeUndefined();
      await rules.advance(ruleId, '2026-02-03', '2026-02-04', holder.manager);
      await holder.commitTransaction();
    } finally {
      await holder.release();
    }
    expect(
      await dataSource.transaction((manager) => rules.lockIfDue(ruleId, '2026-02-03', manager)),
    ).toBeUndefined();
    expect(await rules.findDueIds('2026-02-03', null, 1000)).not.toContain(ruleId);
    expect(await rules.findDueIds('2026-02-04', null, 1000)).toContain(ruleId);
  });

  it('drops the occurrences with their rule', async () => {
    const ruleId = await newRule();
    await dataSource.transaction((manager) =>
      occurrences.claim(ruleId, ['2026-02-01'], now, manager),
    );
    await dataSource.query('DELETE FROM recurring_expenses WHERE id = $1', [ruleId]);
    const [{ count }] = await dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM recurring_expense_occurrences
       WHERE recurring_expense_id = $1`,
      [ruleId],
    );
    expect(count).toBe(0);
  });
});
