import { DataSource } from 'typeorm';
import { roundDecimal, sumDecimals } from 'src/platform/money/decimal';
import { UsersService } from 'src/modules/auth/users/users.service';
import { CategoriesRepository } from 'src/modules/expenses/categories/categories.repository';
import { CategoriesService } from 'src/modules/expenses/categories/categories.service';
import { ExpenseInput, ExpenseWriter } from 'src/modules/expenses/expense-writer.service';
import { ExpenseSummaryQuery } from 'src/modules/expenses/summaries/dto/expense-summary.query';
import { ExpenseSummaryDto } from 'src/modules/expenses/summaries/dto/expense-summary-response.dto';
import { SummariesService } from 'src/modules/expenses/summaries/summaries.service';
import { SummaryGrouping } from 'src/modules/expenses/summaries/summary.types';
import { strongPassword, uniqueEmail } from 'test/support/auth';
import { insertFxRates } from 'test/support/expenses';
import { startTestApp, TestApp } from 'test/support/test-app';

/** A summary through the service and the real query, with the DTO's defaults. */
type SummaryRequest = Partial<ExpenseSummaryQuery> & Pick<ExpenseSummaryQuery, 'from' | 'to'>;

describe('expense summaries (real PostgreSQL)', () => {
  let ctx: TestApp;
  let dataSource: DataSource;
  let writer: ExpenseWriter;
  let service: SummariesService;

  async function newUserWithCategories(): Promise<{
    userId: string;
    category: (key: string) => string;
  }> {
    const user = await ctx.app.get(UsersService).create({
      email: uniqueEmail(),
      password: strongPassword(),
      displayName: 'Summary test',
    });
    await ctx.app.get(CategoriesRepository).seedDefaults(user.id);
    const rows = await dataSource.query<{ id: string; default_key: string }[]>(
      'SELECT id, default_key FROM expense_categories WHERE user_id = $1',
      [user.id],
    );
    const ids = new Map(rows.map((row) => [row.default_key, row.id]));
    return { userId: user.id, category: (key) => ids.get(key)! };
  }

  async function subCategory(userId: string, parentId: string, name: string): Promise<string> {
    const created = await ctx.app
      .get(CategoriesService)
      .create(userId, { name, parentId }, undefined);
    return created.id;
  }

  function write(userId: string, inputs: ExpenseInput[]): Promise<unknown> {
    return dataSource.transaction((manager) => writer.createMany(manager, userId, inputs));
  }

  function summarise(userId: string, request: SummaryRequest): Promise<ExpenseSummaryDto> {
    const query = Object.assign(new ExpenseSummaryQuery(), request);
    return service.summarise(userId, query);
  }

  /** The exact sum written as euros are: two decimals. */
  const euros = (values: string[]): string => roundDecimal(sumDecimals(values), 2, 'half-even');

  const amounts = (summary: ExpenseSummaryDto): Record<string, string> =>
    Object.fromEntries(summary.groups.map((group) => [group.label ?? '∅', group.total.amount]));

  beforeAll(async () => {
    ctx = await startTestApp();
    dataSource = ctx.app.get(DataSource);
    writer = ctx.app.get(ExpenseWriter);
    service = ctx.app.get(SummariesService);
    await insertFxRates(dataSource, {
      '2026-03-02': { USD: '1.0800', JPY: '162.50', GBP: '0.8400' },
      '2026-03-03': { USD: '1.0900', JPY: '163.00', GBP: '0.8450' },
    });
  });

  afterAll(async () => {
    await ctx.close();
  });

  describe('exact decimal totals', () => {
    it('adds 10,000 amounts of a few cents exactly, where binary floats drift', async () => {
      const { userId, category } = await newUserWithCategories();
      // A fixed pseudo-random walk over 0.01 … 9.99, so the sum is the same on every run.
      let seed = 12_345;
      const values: string[] = [];
      for (let i = 0; i < 10_000; i += 1) {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        const cents = (seed % 999) + 1;
        values.push(`${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`);
      }
      await write(
        userId,
        values.map((amount, i) => ({
          amount,
          currency: 'EUR',
          date: `2026-03-${String((i % 28) + 1).padStart(2, '0')}`,
          categoryId: category(i % 2 === 0 ? 'groceries' : 'transport'),
        })),
      );
      const expected = euros(values);
      const floatSum = values.reduce((total, value) => total + Number(value), 0);
      expect(String(floatSum)).not.toBe(expected);

      const summary = await summarise(userId, { from: '2026-03-01', to: '2026-03-31' });
      expect(summary.total).toEqual({ amount: expected, currency: 'EUR' });
      expect(summary.count).toBe(10_000);
      expect(euros(summary.groups.map((group) => group.total.amount))).toBe(expected);
      expect(amounts(summary)).toEqual({
        Groceries: euros(values.filter((_, i) => i % 2 === 0)),
        Transport: euros(values.filter((_, i) => i % 2 === 1)),
      });
    });

    it.each([
      ['0.10 a thousand times', '100.00', '0.10', 1000],
      ['0.01 three thousand times', '30.00', '0.01', 3000],
      ['0.07 seven hundred times', '49.00', '0.07', 700],
    ])('sums %s to exactly %s', async (_name, total, amount, times) => {
      const { userId, category } = await newUserWithCategories();
      await write(
        userId,
        Array.from({ length: times }, () => ({
          amount,
          currency: 'EUR',
          date: '2026-03-02',
          categoryId: category('other'),
        })),
      );
      const summary = await summarise(userId, { from: '2026-03-01', to: '2026-03-31' });
      expect(summary.total.amount).toBe(total);
      expect(summary.groups[0].total.amount).toBe(total);
    });
  });

  describe('grouping', () => {
    let userId: string;
    let groceries: string;
    let market: string;
    let bakery: string;
    let transport: string;

    beforeAll(async () => {
      const user = await newUserWithCategories();
      userId = user.userId;
      groceries = user.category('groceries');
      transport = user.category('transport');
      market = await subCategory(userId, groceries, 'Market');
      bakery = await subCategory(userId, groceries, 'Bakery');
      const rows: [string, string, string, string[], string | null][] = [
        // category, date, amount, tags, payee
        [groceries, '2026-03-02', '40.00', ['food'], 'Supermarket'],
        [market, '2026-03-05', '12.30', ['food', 'organic'], 'Farmers market'],
        [market, '2026-03-20', '7.70', ['food', 'organic', 'weekend'], 'Farmers market'],
        [bakery, '2026-03-21', '3.20', ['food', 'weekend'], null],
        [transport, '2026-03-10', '25.00', [], 'City transit'],
        [transport, '2026-02-10', '25.00', [], 'City transit'],
        [bakery, '2026-02-11', '4.00', ['food'], null],
      ];
      await write(
        userId,
        rows.map(([categoryId, date, amount, tags, payee]) => ({
          amount,
          currency: 'EUR',
          date,
          categoryId,
          tags,
          payee,
        })),
      );
    });

    it.each<[SummaryGrouping, Record<string, string>, Record<string, string>]>([
      [
        'category',
        { Groceries: '63.20', Transport: '25.00' },
        { Groceries: '4.00', Transport: '25.00' },
      ],
      [
        'subcategory',
        { Groceries: '40.00', Market: '20.00', Bakery: '3.20', Transport: '25.00' },
        { Groceries: '0.00', Market: '0.00', Bakery: '4.00', Transport: '25.00' },
      ],
      [
        'tag',
        // Every expense counts in each of its tags: these add up to more than the total.
        { food: '63.20', organic: '20.00', weekend: '10.90', '∅': '25.00' },
        { food: '4.00', organic: '0.00', weekend: '0.00', '∅': '25.00' },
      ],
      [
        'payee',
        { Supermarket: '40.00', 'Farmers market': '20.00', 'City transit': '25.00', '∅': '3.20' },
        { Supermarket: '0.00', 'Farmers market': '0.00', 'City transit': '25.00', '∅': '4.00' },
      ],
    ])('groups by %s', async (groupBy, current, previous) => {
      const summary = await summarise(userId, { from: '2026-03-01', to: '2026-03-31', groupBy });
      expect(summary.total.amount).toBe('88.20');
      expect(summary.previousTotal.amount).toBe('29.00');
      expect(amounts(summary)).toEqual(current);
      expect(
        Object.fromEntries(
          summary.groups.map((group) => [group.label ?? '∅', group.previousTotal.amount]),
        ),
      ).toEqual(previous);
      expect(summary.groupCount).toBe(summary.groups.length);
    });

    it('rolls sub-categories into their top-level category, and names the parent of each', async () => {
      const rolled = await summarise(userId, { from: '2026-03-01', to: '2026-03-31' });
      expect(rolled.groups[0]).toMatchObject({
        key: groceries,
        label: 'Groceries',
        count: 4,
        previousCount: 1,
        parentKey: null,
      });
      const apart = await summarise(userId, {
        from: '2026-03-01',
        to: '2026-03-31',
        groupBy: 'subcategory',
      });
      expect(apart.groups.find((group) => group.key === market)).toMatchObject({
        label: 'Market',
        parentKey: groceries,
        parentLabel: 'Groceries',
        count: 2,
      });
      expect(apart.groups.find((group) => group.key === groceries)?.parentKey).toBeNull();
    });

    it('counts an expense with several tags once in the total and once per tag', async () => {
      const summary = await summarise(userId, {
        from: '2026-03-01',
        to: '2026-03-31',
        groupBy: 'tag',
      });
      expect(summary.count).toBe(5);
      const counts = Object.fromEntries(summary.groups.map((g) => [g.label ?? '∅', g.count]));
      expect(counts).toEqual({ food: 4, organic: 2, weekend: 2, '∅': 1 });
    });

    it.each([
      ['a top-level category with its sub-categories', () => ({ categoryId: groceries }), '63.20'],
      ['a sub-category alone', () => ({ categoryId: market }), '20.00'],
      ['a tag', () => ({ tag: 'weekend' }), '10.90'],
      ['a tag written in capitals', () => ({ tag: 'ORGANIC' }), '20.00'],
      ['a currency', () => ({ currency: 'USD' }), '0.00'],
    ])('filters by %s', async (_name, filter, total) => {
      const summary = await summarise(userId, {
        from: '2026-03-01',
        to: '2026-03-31',
        ...filter(),
      });
      expect(summary.total.amount).toBe(total);
    });

    it('orders by total, largest first, and cuts at the limit while counting every group', async () => {
      const summary = await summarise(userId, {
        from: '2026-03-01',
        to: '2026-03-31',
        groupBy: 'subcategory',
        limit: 2,
      });
      expect(summary.groups.map((group) => group.label)).toEqual(['Groceries', 'Transport']);
      expect(summary.groupCount).toBe(4);
      expect(summary.total.amount).toBe('88.20');
    });
  });

  describe('previous period boundaries', () => {
    let userId: string;

    beforeAll(async () => {
      const user = await newUserWithCategories();
      userId = user.userId;
      // Powers of two: every total names exactly the days it contains.
      const days = [
        '2023-02-28',
        '2023-03-01',
        '2023-12-31',
        '2024-01-01',
        '2024-01-31',
        '2024-02-01',
        '2024-02-15',
        '2024-02-28',
        '2024-02-29',
        '2024-03-01',
        '2024-03-15',
        '2024-03-16',
        '2024-03-31',
        '2024-04-01',
        '2024-12-31',
        '2025-01-01',
      ];
      await write(
        userId,
        days.map((date, i) => ({
          amount: String(2 ** i),
          currency: 'EUR',
          date,
          categoryId: user.category('other'),
        })),
      );
    });

    it.each([
      // name, from, to, total, previous from, previous to, previous total
      [
        'March of a leap year',
        '2024-03-01',
        '2024-03-31',
        '7680.00',
        '2024-02-01',
        '2024-02-29',
        '480.00',
      ],
      [
        'February of a leap year',
        '2024-02-01',
        '2024-02-29',
        '480.00',
        '2024-01-01',
        '2024-01-31',
        '24.00',
      ],
      ['a leap year', '2024-01-01', '2024-12-31', '32760.00', '2023-01-01', '2023-12-31', '7.00'],
      ['a quarter', '2024-01-01', '2024-03-31', '8184.00', '2023-10-01', '2023-12-31', '4.00'],
      [
        'twelve months across the leap day',
        '2023-03-01',
        '2024-02-29',
        '510.00',
        '2022-03-01',
        '2023-02-28',
        '1.00',
      ],
      ['half a month', '2024-03-01', '2024-03-15', '1536.00', '2024-02-15', '2024-02-29', '448.00'],
      [
        'the day after the leap day',
        '2024-03-01',
        '2024-03-01',
        '512.00',
        '2024-02-29',
        '2024-02-29',
        '256.00',
      ],
      ['the leap day', '2024-02-29', '2024-02-29', '256.00', '2024-02-28', '2024-02-28', '128.00'],
      [
        'new year’s day',
        '2025-01-01',
        '2025-01-01',
        '32768.00',
        '2024-12-31',
        '2024-12-31',
        '16384.00',
      ],
      [
        'the last day of a month',
        '2024-01-31',
        '2024-01-31',
        '16.00',
        '2024-01-30',
        '2024-01-30',
        '0.00',
      ],
    ])('%s: %s … %s', async (_name, from, to, total, previousFrom, previousTo, previousTotal) => {
      const summary = await summarise(userId, { from, to });
      expect(summary.total.amount).toBe(total);
      expect(summary.previousPeriod).toEqual({ from: previousFrom, to: previousTo });
      expect(summary.previousTotal.amount).toBe(previousTotal);
    });

    it('sets each month beside the month in the same position of the previous period', async () => {
      const summary = await summarise(userId, {
        from: '2024-01-01',
        to: '2024-03-31',
        groupBy: 'month',
      });
      expect(
        summary.groups.map((group) => [
          group.key,
          group.total.amount,
          group.previousKey,
          group.previousTotal.amount,
        ]),
      ).toEqual([
        ['2024-01', '24.00', '2023-10', '0.00'],
        ['2024-02', '480.00', '2023-11', '0.00'],
        ['2024-03', '7680.00', '2023-12', '4.00'],
      ]);
    });

    it('states the change in money and percent, and no percent against zero', async () => {
      const march = await summarise(userId, { from: '2024-03-01', to: '2024-03-31' });
      expect(march.change).toEqual({
        amount: { amount: '7200.00', currency: 'EUR' },
        percent: '1500.00',
      });
      const december = await summarise(userId, { from: '2024-12-01', to: '2024-12-31' });
      expect(december.change).toEqual({
        amount: { amount: '16384.00', currency: 'EUR' },
        percent: null,
      });
      const may = await summarise(userId, { from: '2024-05-01', to: '2024-05-31' });
      expect(may.change.percent).toBe('-100.00');
    });
  });

  describe('currencies', () => {
    it('adds the stored base amounts of mixed currencies and counts missing rates apart', async () => {
      const { userId, category } = await newUserWithCategories();
      const groceries = category('groceries');
      await write(userId, [
        { amount: '21.60', currency: 'USD', date: '2026-03-02', categoryId: groceries },
        { amount: '1625', currency: 'JPY', date: '2026-03-02', categoryId: groceries },
        { amount: '8.40', currency: 'GBP', date: '2026-03-02', categoryId: groceries },
        { amount: '5.00', currency: 'EUR', date: '2026-03-03', categoryId: groceries },
        {
          amount: '10.00',
          currency: 'USD',
          date: '2026-03-03',
          categoryId: groceries,
          fxRate: '0.5',
        },
        // No rate for these: never part of a total, never guessed.
        { amount: '50.00', currency: 'USD', date: '2026-03-25', categoryId: groceries },
        { amount: '70.00', currency: 'GBP', date: '2026-02-01', categoryId: groceries },
        { amount: '99.00', currency: 'CHF', date: '2026-02-02', categoryId: groceries },
      ]);
      const summary = await summarise(userId, { from: '2026-03-01', to: '2026-03-31' });
      // 20.00 + 10.00 + 10.00 + 5.00 + 5.00 (the user's own rate)
      expect(summary.total).toEqual({ amount: '50.00', currency: 'EUR' });
      expect(summary.count).toBe(5);
      expect(summary.unconverted).toEqual({ count: 1, previousCount: 2 });
      expect(summary.previousTotal.amount).toBe('0.00');
      expect(summary.previousCount).toBe(0);
      expect(summary.groups).toHaveLength(1);
      expect(summary.groups[0].count).toBe(5);

      const dollars = await summarise(userId, {
        from: '2026-03-01',
        to: '2026-03-31',
        currency: 'USD',
      });
      expect(dollars.total.amount).toBe('25.00');
      expect(dollars.unconverted.count).toBe(1);
    });

    it('answers in the user’s base currency, with its minor unit', async () => {
      const { userId, category } = await newUserWithCategories();
      await dataSource.query(`UPDATE users SET base_currency = 'JPY' WHERE id = $1`, [userId]);
      await write(userId, [
        { amount: '10.00', currency: 'EUR', date: '2026-03-02', categoryId: category('other') },
        { amount: '500', currency: 'JPY', date: '2026-03-02', categoryId: category('other') },
      ]);
      const summary = await summarise(userId, { from: '2026-03-01', to: '2026-03-31' });
      expect(summary.currency).toBe('JPY');
      // 10 EUR at 162.50 is 1625 yen (no minor unit).
      expect(summary.total).toEqual({ amount: '2125', currency: 'JPY' });
    });

    it('leaves out a base amount in a currency that is no longer the user’s', async () => {
      const { userId, category } = await newUserWithCategories();
      await write(userId, [
        { amount: '10.00', currency: 'EUR', date: '2026-03-02', categoryId: category('other') },
      ]);
      // What a re-base in flight looks like from outside its transaction.
      await dataSource.query(`UPDATE users SET base_currency = 'USD' WHERE id = $1`, [userId]);
      const summary = await summarise(userId, { from: '2026-03-01', to: '2026-03-31' });
      expect(summary).toMatchObject({
        currency: 'USD',
        total: { amount: '0.00', currency: 'USD' },
        unconverted: { count: 1 },
      });
    });
  });

  it('never counts another user’s expenses', async () => {
    const ann = await newUserWithCategories();
    const bob = await newUserWithCategories();
    await write(ann.userId, [
      { amount: '1.00', currency: 'EUR', date: '2026-03-02', categoryId: ann.category('other') },
    ]);
    await write(bob.userId, [
      { amount: '2.00', currency: 'EUR', date: '2026-03-02', categoryId: bob.category('other') },
    ]);
    const summary = await summarise(ann.userId, {
      from: '2026-03-01',
      to: '2026-03-31',
      categoryId: bob.category('other'),
    });
    expect(summary.total.amount).toBe('0.00');
    expect(
      (await summarise(ann.userId, { from: '2026-03-01', to: '2026-03-31' })).total.amount,
    ).toBe('1.00');
  });
});
