import { DataSource } from 'typeorm';
import { UsersService } from 'src/modules/auth/users/users.service';
import { BudgetSpendingRepository } from 'src/modules/expenses/budgets/budget-spending.repository';
import { BudgetStatusService } from 'src/modules/expenses/budgets/budget-status.service';
import { BudgetsRepository } from 'src/modules/expenses/budgets/budgets.repository';
import { BudgetsService } from 'src/modules/expenses/budgets/budgets.service';
import { BudgetStatusDto } from 'src/modules/expenses/budgets/dto/budget-status.dto';
import { CreateBudgetDto } from 'src/modules/expenses/budgets/dto/budget.dto';
import { CategoriesService } from 'src/modules/expenses/categories/categories.service';
import { ExpenseWriter } from 'src/modules/expenses/expense-writer.service';
import { strongPassword, uniqueEmail } from 'test/support/auth';
import { insertFxRates } from 'test/support/expenses';
import { FakeClock } from 'test/support/fake-clock';
import { startTestApp, TestApp } from 'test/support/test-app';

/**
 * The status aggregation on real PostgreSQL with a frozen clock: expenses in EUR, USD and GBP
 * converted to a EUR base, one without a rate, sub-categories inside a top-level budget, the
 * rollover chain built from SQL sums, and the projection around "today".
 */
describe('budget status (real PostgreSQL, frozen clock)', () => {
  let ctx: TestApp;
  let dataSource: DataSource;
  let clock: FakeClock;
  let status: BudgetStatusService;
  let userId: string;
  const budgetIds = new Map<string, string>();

  // Per 1 EUR: 25.00 USD is 20.00 EUR and 8.00 GBP is 10.00 EUR in January and March; in
  // February one USD is one EUR and a pound two euros.
  const rates = {
    '2026-01-05': { USD: '1.2500', GBP: '0.8000' },
    '2026-02-02': { USD: '1.0000', GBP: '0.5000' },
    '2026-03-02': { USD: '1.2500', GBP: '0.8000' },
  };

  // date, amount, currency, category (default key or "coffee", a sub-category of dining)
  const expenses: [string, string, string, string][] = [
    ['2025-12-31', '100.00', 'EUR', 'groceries'], // before every budget starts
    ['2026-01-05', '50.00', 'EUR', 'groceries'],
    ['2026-01-06', '25.00', 'USD', 'groceries'], // 20.00 EUR
    ['2026-01-07', '8.00', 'GBP', 'coffee'], // 10.00 EUR
    ['2026-02-03', '30.00', 'USD', 'groceries'], // 30.00 EUR
    ['2026-02-03', '45.00', 'GBP', 'dining'], // 90.00 EUR
    ['2026-02-20', '10.00', 'USD', 'groceries'], // 18 days after the last rate: no base amount
    ['2026-03-02', '12.50', 'USD', 'groceries'], // 10.00 EUR
    ['2026-03-03', '4.00', 'GBP', 'coffee'], // 5.00 EUR
    ['2026-03-09', '20.00', 'EUR', 'transport'],
    ['2026-03-25', '60.00', 'EUR', 'groceries'], // booked ahead of "today"
    ['2026-04-01', '999.00', 'EUR', 'groceries'], // after the month asked for
  ];

  // label, category, amount, rollover, start, end
  const budgets: [
    string,
    string | null,
    string,
    CreateBudgetDto['rollover'],
    string,
    string | null,
  ][] = [
    ['groceries', 'groceries', '100.00', 'carry_both', '2026-01', null],
    ['dining', 'dining', '50.00', 'carry_remaining', '2026-01', null],
    ['coffee', 'coffee', '20.00', 'none', '2026-03', null],
    ['overall', null, '300.00', 'none', '2026-02', null],
    ['transport', 'transport', '20.00', 'none', '2026-03', null],
    ['travel', 'travel', '10.00', 'carry_both', '2026-01', '2026-02'],
  ];

  beforeAll(async () => {
    ctx = await startTestApp();
    dataSource = ctx.app.get(DataSource);
    await insertFxRates(dataSource, rates);
    userId = (
      await ctx.app.get(UsersService).create({
        email: uniqueEmail('budget'),
        password: strongPassword(),
        displayName: 'Budget test',
      })
    ).id;
    const categoriesService = ctx.app.get(CategoriesService);
    await categoriesService.ensureDefaults(userId);
    const categories = new Map<string, string>(
      (
        await dataSource.query<{ id: string; key: string }[]>(
          'SELECT id, default_key AS key FROM expense_categories WHERE user_id = $1',
          [userId],
        )
      ).map((row) => [row.key, row.id]),
    );
    const coffee = await categoriesService.create(
      userId,
      { name: 'Coffee', parentId: categories.get('dining') },
      undefined,
    );
    categories.set('coffee', coffee.id);

    const writer = ctx.app.get(ExpenseWriter);
    await dataSource.transaction(async (manager) => {
      for (const [date, amount, currency, category] of expenses) {
        await writer.create(manager, userId, {
          date,
          amount,
          currency,
          categoryId: categories.get(category)!,
        });
      }
    });
    for (const [label, category, amount, rollover, startMonth, endMonth] of budgets) {
      const created = await ctx.app.get(BudgetsService).create(
        userId,
        {
          categoryId: category === null ? null : categories.get(category)!,
          amount: { amount, currency: 'EUR' },
          rollover,
          startMonth,
          endMonth,
        },
        undefined,
      );
      budgetIds.set(label, created.id);
    }

    clock = new FakeClock('2026-03-10T23:59:59.000Z');
    status = new BudgetStatusService(
      ctx.app.get(BudgetsRepository),
      ctx.app.get(BudgetSpendingRepository),
      ctx.app.get(UsersService),
      clock,
      dataSource,
    );
  });

  afterAll(async () => {
    await ctx.close();
  });

  const eur = (amount: string) => ({ amount, currency: 'EUR' });

  async function byLabel(month?: string): Promise<Map<string, BudgetStatusDto>> {
    const list = await status.statusOf(userId, month);
    const labels = new Map([...budgetIds].map(([label, id]) => [id, label]));
    return new Map(list.budgets.map((entry) => [labels.get(entry.budgetId)!, entry]));
  }

  it('defaults to the current month (UTC) of the clock and lists the budgets that cover it', async () => {
    const list = await status.statusOf(userId);
    expect(list).toMatchObject({ month: '2026-03', today: '2026-03-10', baseCurrency: 'EUR' });
    expect([...(await byLabel()).keys()].sort()).toEqual(
      ['coffee', 'dining', 'groceries', 'overall', 'transport'].sort(),
    );
  });

  // label, rolledOver, available, spent, remaining, percentUsed, projected, unconverted, before
  const march: [string, string, string, string, string, string, string, number, number][] = [
    // Jan: 50 + 20 (USD) = 70, 30 left; Feb: 30 (USD at 1:1) + one USD expense without a rate,
    // 130 available, 100 left; Mar: 10 (USD) by today and 60 booked for the 25th.
    ['groceries', '100.00', '200.00', '70.00', '130.00', '35.00', '91.00', 0, 1],
    // Coffee counts in dining. Jan: 10 (GBP), 40 left; Feb: 90 (GBP at 0.5) of 90, nothing left.
    ['dining', '0.00', '50.00', '5.00', '45.00', '10.00', '15.50', 0, 0],
    ['coffee', '0.00', '20.00', '5.00', '15.00', '25.00', '15.50', 0, 0],
    // 10 + 5 + 20 by today (35 → 108.50 over 31 days) and 60 booked.
    ['overall', '0.00', '300.00', '95.00', '205.00', '31.66', '168.50', 0, 0],
    ['transport', '0.00', '20.00', '20.00', '0.00', '100.00', '62.00', 0, 0],
  ];

  it.each(march)(
    'March, %s: rolled over %s, available %s, spent %s, remaining %s, %s %%, projected %s',
    async (
      label,
      rolledOver,
      available,
      spent,
      remaining,
      percentUsed,
      projected,
      unconverted,
      before,
    ) => {
      expect((await byLabel('2026-03')).get(label)).toMatchObject({
        month: '2026-03',
        period: 'current',
        rolledOver: eur(rolledOver),
        available: eur(available),
        spent: eur(spent),
        remaining: eur(remaining),
        percentUsed,
        projected: eur(projected),
        unconvertedExpenses: unconverted,
        unconvertedExpensesBefore: before,
        currencyMismatch: false,
      });
    },
  );

  it('reports a past month as it ended, with its unconverted expenses counted apart', async () => {
    const february = await byLabel('2026-02');
    expect([...february.keys()].sort()).toEqual(['dining', 'groceries', 'overall', 'travel']);
    expect(february.get('groceries')).toMatchObject({
      period: 'past',
      rolledOver: eur('30.00'),
      available: eur('130.00'),
      spent: eur('30.00'),
      projected: eur('30.00'),
      unconvertedExpenses: 1,
      unconvertedExpensesBefore: 0,
    });
    expect(february.get('overall')).toMatchObject({
      spent: eur('120.00'),
      percentUsed: '40.00',
      unconvertedExpenses: 1,
    });
  });

  it('projects a future month from what is booked in it', async () => {
    expect((await byLabel('2026-04')).get('groceries')).toMatchObject({
      period: 'future',
      // March left 130 over.
      rolledOver: eur('130.00'),
      spent: eur('999.00'),
      projected: eur('999.00'),
    });
  });

  it('answers one budget in a month it covers, and refuses months outside it', async () => {
    const one = await status.statusOfBudget(userId, budgetIds.get('transport')!, '2026-03');
    expect(one).toMatchObject({ percentUsed: '100.00', remaining: eur('0.00') });
    await expect(
      status.statusOfBudget(userId, budgetIds.get('transport')!, '2026-02'),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
    await expect(
      status.statusOfBudget(userId, budgetIds.get('travel')!, '2026-03'),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
  });

  it('gives the current snapshot the alert check reads, thresholds included', async () => {
    const snapshot = await status.currentSnapshot(userId);
    const reached = snapshot.views
      .filter((view) => view.status.thresholdsReached.length > 0)
      .map((view) => [view.budget.id, view.status.thresholdsReached]);
    expect(reached).toEqual([[budgetIds.get('transport'), [80, 100]]]);
  });

  it('moves with the clock: the same month seen from later on is past', async () => {
    clock.set('2026-04-02T00:00:00.000Z');
    try {
      expect((await byLabel('2026-03')).get('overall')).toMatchObject({
        period: 'past',
        projected: eur('95.00'),
      });
    } finally {
      clock.set('2026-03-10T23:59:59.000Z');
    }
  });
});
