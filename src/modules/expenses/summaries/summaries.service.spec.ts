import { DataSource, EntityManager } from 'typeorm';
import { AppException } from 'src/platform/errors/app.exception';
import { UsersService } from 'src/modules/auth/users/users.service';
import { ExpenseSummaryQuery } from 'src/modules/expenses/summaries/dto/expense-summary.query';
import { SummariesRepository } from 'src/modules/expenses/summaries/summaries.repository';
import { change, SummariesService } from 'src/modules/expenses/summaries/summaries.service';
import { SummaryRow, SummarySpec } from 'src/modules/expenses/summaries/summary.types';
import { factory } from 'test/support/factories';
import { strictFake } from 'test/support/strict-fake';

const USER = factory.ids.user;

function query(values: Partial<ExpenseSummaryQuery>): ExpenseSummaryQuery {
  return Object.assign(new ExpenseSummaryQuery(), values);
}

describe('SummariesService', () => {
  function service(answer: SummaryRow | undefined): {
    summaries: SummariesService;
    specs: SummarySpec[];
  } {
    const specs: SummarySpec[] = [];
    const manager = strictFake<EntityManager>({}, 'manager');
    const repository = strictFake<SummariesRepository>({
      summarise: (_userId: string, baseCurrency: string, spec: SummarySpec, given) => {
        expect(given).toBe(manager);
        specs.push(spec);
        return Promise.resolve({ ...answer!, baseCurrency });
      },
    });
    const users = strictFake<UsersService>({
      getBaseCurrency: (_userId: string, given?: EntityManager) => {
        expect(given).toBe(manager);
        return answer
          ? Promise.resolve(answer.baseCurrency)
          : Promise.reject(new AppException('NOT_FOUND', 'No such user'));
      },
    });
    const dataSource = strictFake<DataSource>({
      transaction: ((work: (manager: EntityManager) => Promise<unknown>) =>
        work(manager)) as DataSource['transaction'],
    });
    return { summaries: new SummariesService(repository, users, dataSource), specs };
  }

  it('asks for the range, its previous period, the normalised tag and the limit', async () => {
    const { summaries, specs } = service(factory.summaryRow());
    await summaries.summarise(
      USER,
      query({
        from: '2024-03-01',
        to: '2024-03-31',
        groupBy: 'tag',
        tag: ' Work  Trip ',
        limit: 7,
      }),
    );
    expect(specs).toEqual([
      {
        groupBy: 'tag',
        period: { from: '2024-03-01', to: '2024-03-31' },
        previous: { from: '2024-02-01', to: '2024-02-29' },
        filter: { categoryId: undefined, tag: 'work trip', currency: undefined },
        limit: 7,
      },
    ]);
  });

  it('writes sums in the currency’s minor unit and the change beside them', async () => {
    const { summaries } = service(
      factory.summaryRow({
        baseCurrency: 'KWD',
        total: '10.5',
        count: 3,
        previousTotal: '7',
        previousCount: 2,
        unconverted: 1,
        groupCount: 1,
        groups: [
          {
            key: 'coffee',
            label: 'coffee',
            parentKey: null,
            parentLabel: null,
            total: '10.5',
            count: 3,
            previousTotal: '0',
            previousCount: 0,
          },
        ],
      }),
    );
    const summary = await summaries.summarise(
      USER,
      query({ from: '2026-03-01', to: '2026-03-10', groupBy: 'tag' }),
    );
    expect(summary).toMatchObject({
      currency: 'KWD',
      previousPeriod: { from: '2026-02-19', to: '2026-02-28' },
      total: { amount: '10.500', currency: 'KWD' },
      previousTotal: { amount: '7.000', currency: 'KWD' },
      change: { amount: { amount: '3.500', currency: 'KWD' }, percent: '50.00' },
      unconverted: { count: 1, previousCount: 0 },
      groupCount: 1,
    });
    expect(summary.groups).toEqual([
      {
        key: 'coffee',
        label: 'coffee',
        previousKey: 'coffee',
        parentKey: null,
        parentLabel: null,
        total: { amount: '10.500', currency: 'KWD' },
        count: 3,
        previousTotal: { amount: '0.000', currency: 'KWD' },
        previousCount: 0,
        change: { amount: { amount: '10.500', currency: 'KWD' }, percent: null },
      },
    ]);
  });

  it('fills every month of a month summary, matched by position with the previous period', async () => {
    const { summaries } = service(
      factory.summaryRow({
        groups: [
          {
            key: '1',
            label: '1',
            parentKey: null,
            parentLabel: null,
            total: '5',
            count: 1,
            previousTotal: '2.5',
            previousCount: 1,
          },
        ],
        groupCount: 1,
      }),
    );
    const summary = await summaries.summarise(
      USER,
      query({ from: '2025-12-01', to: '2026-02-28', groupBy: 'month' }),
    );
    expect(
      summary.groups.map((group) => [
        group.key,
        group.previousKey,
        group.total.amount,
        group.previousTotal.amount,
      ]),
    ).toEqual([
      ['2025-12', '2025-09', '0.00', '0.00'],
      ['2026-01', '2025-10', '5.00', '2.50'],
      ['2026-02', '2025-11', '0.00', '0.00'],
    ]);
    expect(summary.groupCount).toBe(3);
  });

  it('refuses a month summary over a range of part months before querying', async () => {
    const { summaries, specs } = service(factory.summaryRow());
    await expect(
      summaries.summarise(USER, query({ from: '2026-03-01', to: '2026-03-30', groupBy: 'month' })),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(specs).toEqual([]);
  });

  it('answers NOT_FOUND when the user is gone', async () => {
    const { summaries } = service(undefined);
    await expect(
      summaries.summarise(USER, query({ from: '2026-03-01', to: '2026-03-31' })),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each([
    ['a rise', '150', '100', '50.00', '50.00'],
    ['a fall to nothing', '0', '80', '-80.00', '-100.00'],
    ['a third, rounded', '4', '3', '1.00', '33.33'],
    ['a tie, rounded half-even down', '200.25', '200', '0.25', '0.12'],
    ['a tie, rounded half-even up', '200.75', '200', '0.75', '0.38'],
    ['growth from nothing', '12', '0', '12.00', null],
    ['nothing from nothing', '0', '0', '0.00', null],
  ])('states %s: change and percent', (_name, total, previous, amount, percent) => {
    expect(change(total, previous, 'EUR')).toEqual({
      amount: { amount, currency: 'EUR' },
      percent,
    });
  });
});
