import { MonthSpending, RolloverMode } from 'src/modules/expenses/budgets/budget.types';
import { budgetStatus, BudgetStatusInput } from 'src/modules/expenses/budgets/budget-status';

/** `{ '2026-01': '80.00' }` or `{ '2026-03': ['51.00', '31.00', 2] }` (spent, to date, unconverted). */
type SpendingTable = Record<string, string | [string, string, number]>;

function spendingOf(table: SpendingTable): Map<string, MonthSpending> {
  return new Map(
    Object.entries(table).map(([month, value]) => {
      const [spent, spentToDate, unconverted] =
        typeof value === 'string' ? [value, value, 0] : value;
      return [month, { month, spent, spentToDate, unconverted }];
    }),
  );
}

function status(overrides: Partial<BudgetStatusInput> & { table?: SpendingTable }) {
  const { table = {}, ...rest } = overrides;
  return budgetStatus({
    plan: { amount: '100.00', rollover: 'none', startMonth: '2026-01' },
    month: '2026-05',
    today: '2026-05-10',
    spending: spendingOf(table),
    currency: 'EUR',
    ...rest,
  });
}

describe('budgetStatus', () => {
  describe('rollover across months', () => {
    // 100.00 a month from January: 80 spent (20 left), 130 in February (overspent), nothing at
    // all in March, 50 in April. Frozen today: 2026-05-10.
    const history: SpendingTable = {
      '2026-01': '80.00',
      '2026-02': '130.00',
      '2026-04': '50.00',
    };

    const table: [RolloverMode, string, string, string, string, string, string | null][] = [
      // mode, month, rolledOver, available, spent, remaining, percentUsed
      ['none', '2026-01', '0.00', '100.00', '80.00', '20.00', '80.00'],
      ['none', '2026-02', '0.00', '100.00', '130.00', '-30.00', '130.00'],
      ['none', '2026-03', '0.00', '100.00', '0.00', '100.00', '0.00'],
      ['none', '2026-04', '0.00', '100.00', '50.00', '50.00', '50.00'],
      ['none', '2026-05', '0.00', '100.00', '0.00', '100.00', '0.00'],
      ['carry_remaining', '2026-01', '0.00', '100.00', '80.00', '20.00', '80.00'],
      ['carry_remaining', '2026-02', '20.00', '120.00', '130.00', '-10.00', '108.33'],
      // The February overspend is not carried: March starts from its own budget.
      ['carry_remaining', '2026-03', '0.00', '100.00', '0.00', '100.00', '0.00'],
      ['carry_remaining', '2026-04', '100.00', '200.00', '50.00', '150.00', '25.00'],
      ['carry_remaining', '2026-05', '150.00', '250.00', '0.00', '250.00', '0.00'],
      ['carry_both', '2026-01', '0.00', '100.00', '80.00', '20.00', '80.00'],
      ['carry_both', '2026-02', '20.00', '120.00', '130.00', '-10.00', '108.33'],
      // The February overspend of 10 comes off March.
      ['carry_both', '2026-03', '-10.00', '90.00', '0.00', '90.00', '0.00'],
      ['carry_both', '2026-04', '90.00', '190.00', '50.00', '140.00', '26.31'],
      ['carry_both', '2026-05', '140.00', '240.00', '0.00', '240.00', '0.00'],
    ];

    it.each(table)(
      '%s in %s: rolled over %s, available %s, spent %s, remaining %s, %s %%',
      (rollover, month, rolledOver, available, spent, remaining, percentUsed) => {
        expect(
          status({
            plan: { amount: '100.00', rollover, startMonth: '2026-01' },
            month,
            table: history,
          }),
        ).toMatchObject({
          month,
          budgeted: '100.00',
          rolledOver,
          available,
          spent,
          remaining,
          percentUsed,
        });
      },
    );

    it('starts the chain at the start month: spending before it does not count', () => {
      const result = status({
        plan: { amount: '100.00', rollover: 'carry_both', startMonth: '2026-03' },
        month: '2026-04',
        table: history,
      });
      expect(result).toMatchObject({ rolledOver: '100.00', available: '200.00' });
    });

    it('refuses a month before the budget starts', () => {
      expect(() =>
        status({
          plan: { amount: '100.00', rollover: 'none', startMonth: '2026-06' },
          month: '2026-05',
        }),
      ).toThrow('starts in 2026-06');
    });

    it('counts unconverted expenses in the month and in the months the rollover comes from', () => {
      const table: SpendingTable = {
        '2026-01': ['80.00', '80.00', 2],
        '2026-02': ['10.00', '10.00', 1],
        '2026-03': ['5.00', '5.00', 4],
      };
      const month = { month: '2026-03', today: '2026-03-31', table };
      expect(
        status({
          ...month,
          plan: { amount: '100.00', rollover: 'carry_both', startMonth: '2026-01' },
        }),
      ).toMatchObject({ unconvertedExpenses: 4, unconvertedExpensesBefore: 3, spent: '5.00' });
      // Without rollover the earlier months do not matter, nor do their unconverted expenses.
      expect(
        status({ ...month, plan: { amount: '100.00', rollover: 'none', startMonth: '2026-01' } }),
      ).toMatchObject({ unconvertedExpenses: 4, unconvertedExpensesBefore: 0 });
    });

    it('keeps a long chain exact: 0.10 left over 120 months is 12.00, not a float sum', () => {
      const table: SpendingTable = {};
      for (let i = 0; i < 120; i++) {
        const month = `${2016 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
        table[month] = '99.90';
      }
      expect(
        status({
          plan: { amount: '100.00', rollover: 'carry_remaining', startMonth: '2016-01' },
          month: '2026-01',
          today: '2026-01-15',
          table,
        }),
      ).toMatchObject({ rolledOver: '12.00', available: '112.00' });
    });
  });

  describe('available at or below zero (carry_both after a large overspend)', () => {
    const plan = { amount: '50.00', rollover: 'carry_both' as const, startMonth: '2026-01' };

    it.each([
      // January spent, February spent, available, percent, thresholds
      ['200.00', '0.00', '-100.00', null, [80, 100]],
      ['100.00', '0.00', '0.00', null, []],
      ['100.00', '0.01', '0.00', null, [80, 100]],
    ])(
      'January %s, February %s: available %s, percent %s, thresholds %j',
      (january, february, available, percentUsed, thresholds) => {
        expect(
          status({
            plan,
            month: '2026-02',
            today: '2026-02-28',
            table: { '2026-01': january, '2026-02': february },
          }),
        ).toMatchObject({ available, percentUsed, thresholdsReached: thresholds });
      },
    );
  });

  describe('percent used and the 80 % and 100 % thresholds', () => {
    it.each([
      // amount, spent, percentUsed, thresholds reached
      ['100.00', '0.00', '0.00', []],
      ['100.00', '79.99', '79.99', []],
      ['100.00', '80.00', '80.00', [80]],
      ['100.00', '99.99', '99.99', [80]],
      ['100.00', '100.00', '100.00', [80, 100]],
      ['100.00', '150.00', '150.00', [80, 100]],
      ['3.00', '2.40', '80.00', [80]],
      ['3.00', '3.00', '100.00', [80, 100]],
      // 79.9973…: truncated to 79.99 (rounding would show 80.00 below the threshold).
      ['300.01', '240.00', '79.99', []],
      ['300.01', '240.01', '80.00', [80]],
      // 99.9966…: not yet 100.
      ['300.01', '300.00', '99.99', [80]],
      ['33.33', '26.67', '80.01', [80]],
      ['1000', '800', '80.00', [80]],
    ])('%s budget, %s spent: %s %% and %j', (amount, spent, percentUsed, thresholds) => {
      const currency = amount.includes('.') ? 'EUR' : 'JPY';
      expect(
        status({
          plan: { amount, rollover: 'none', startMonth: '2026-05' },
          currency,
          table: { '2026-05': spent },
        }),
      ).toMatchObject({ percentUsed, thresholdsReached: thresholds });
    });
  });

  describe('projected month-end spending (frozen today)', () => {
    const plan = { amount: '100.00', rollover: 'none' as const, startMonth: '2026-01' };

    it.each([
      // today, month, [spent, spent to date], currency, period, projected
      // 31 on the 10th of a 31-day month: 3.10 a day × 31 = 96.10, plus 20.00 booked for later.
      ['2026-03-10', '2026-03', ['51.00', '31.00'], 'EUR', 'current', '116.10'],
      ['2026-03-10', '2026-03', ['31.00', '31.00'], 'EUR', 'current', '96.10'],
      // Nothing spent so far: the projection is what is already booked.
      ['2026-03-10', '2026-03', ['0.00', '0.00'], 'EUR', 'current', '0.00'],
      ['2026-03-10', '2026-03', ['15.00', '0.00'], 'EUR', 'current', '15.00'],
      // The first and the last day of the month.
      ['2026-03-01', '2026-03', ['3.00', '3.00'], 'EUR', 'current', '93.00'],
      ['2026-03-31', '2026-03', ['62.00', '62.00'], 'EUR', 'current', '62.00'],
      // 10 × 31 ÷ 3 = 103.333…, rounded half-even to cents; and to whole yen.
      ['2026-03-03', '2026-03', ['10.00', '10.00'], 'EUR', 'current', '103.33'],
      ['2026-03-03', '2026-03', ['1000', '1000'], 'JPY', 'current', '10333'],
      // February of a leap year has 29 days: 29.00 by the 14th → 60.07.
      ['2028-02-14', '2028-02', ['29.00', '29.00'], 'EUR', 'current', '60.07'],
      ['2026-02-14', '2026-02', ['28.00', '28.00'], 'EUR', 'current', '56.00'],
      // A past month is over: its projection is what was spent.
      ['2026-03-10', '2026-02', ['130.00', '130.00'], 'EUR', 'past', '130.00'],
      // A future month has no pace yet: what is booked in it.
      ['2026-03-10', '2026-04', ['20.00', '0.00'], 'EUR', 'future', '20.00'],
      ['2026-03-10', '2026-06', ['0.00', '0.00'], 'EUR', 'future', '0.00'],
    ] as const)(
      'today %s, month %s, spending %j in %s: %s, projected %s',
      (today, month, [spent, spentToDate], currency, period, projected) => {
        expect(
          budgetStatus({
            plan: currency === 'JPY' ? { ...plan, amount: '10000' } : plan,
            month,
            today,
            currency,
            spending: new Map([[month, { month, spent, spentToDate, unconverted: 0 }]]),
          }),
        ).toMatchObject({ period, projected, spent });
      },
    );
  });
});
