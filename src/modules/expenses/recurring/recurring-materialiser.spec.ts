import { DataSource, EntityManager } from 'typeorm';
import { AppException } from 'src/platform/errors/app.exception';
import { ExpenseInput, ExpenseWriter } from 'src/modules/expenses/expense-writer.service';
import { ExpenseRecord } from 'src/modules/expenses/expense.types';
import { RecurringExpenseRecord } from 'src/modules/expenses/recurring/recurring-expense.types';
import { RecurringExpensesRepository } from 'src/modules/expenses/recurring/recurring-expenses.repository';
import { RecurringMaterialiser } from 'src/modules/expenses/recurring/recurring-materialiser';
import { RecurringOccurrencesRepository } from 'src/modules/expenses/recurring/recurring-occurrences.repository';
import { factory } from 'test/support/factories';
import { FakeClock } from 'test/support/fake-clock';
import { strictFake } from 'test/support/strict-fake';
import { testConfig } from 'test/support/test-config';

const manager = { queryRunner: { isTransactionActive: true } } as unknown as EntityManager;

/**
 * A database of rules in memory: enough to follow what the materialiser asks for and writes.
 * The SQL behind each call is proven against PostgreSQL in the integration and e2e suites.
 */
function world(rules: RecurringExpenseRecord[], failFor: Record<string, Error> = {}) {
  const created: { ruleId: string; inputs: ExpenseInput[]; options: unknown }[] = [];
  const claimed = new Set<string>();
  const byId = new Map(rules.map((r) => [r.id, r]));
  const due = (r: RecurringExpenseRecord | undefined, today: string) =>
    r !== undefined && r.active && r.nextOccurrence !== null && r.nextOccurrence <= today;
  const repository = strictFake<RecurringExpensesRepository>({
    findDueIds: (today: string, afterId: string | null, limit: number) =>
      Promise.resolve(
        [...byId.values()]
          .filter((r) => due(r, today) && (afterId === null || r.id > afterId))
          .map((r) => r.id)
          .sort()
          .slice(0, limit),
      ),
    lockIfDue: (id: string, today: string) =>
      Promise.resolve(due(byId.get(id), today) ? { ...byId.get(id)! } : undefined),
    advance: (id: string, through: string, next: string | null) => {
      Object.assign(byId.get(id)!, { materialisedThrough: through, nextOccurrence: next });
      return Promise.resolve();
    },
  });
  const occurrences = strictFake<RecurringOccurrencesRepository>({
    claim: (ruleId: string, dates: readonly string[]) =>
      Promise.resolve(
        dates.filter((date) => {
          const key = `${ruleId}/${date}`;
          if (claimed.has(key)) return false;
          claimed.add(key);
          return true;
        }),
      ),
    link: () => Promise.resolve(),
  });
  let currentRule = '';
  const writer = strictFake<ExpenseWriter>({
    createMany: (_m: EntityManager, _user: string, inputs: readonly ExpenseInput[], options) => {
      const failure = failFor[currentRule];
      if (failure) return Promise.reject(failure);
      created.push({ ruleId: currentRule, inputs: [...inputs], options });
      return Promise.resolve(
        inputs.map((_, index) => ({ id: `${currentRule}-${index}` }) as ExpenseRecord),
      );
    },
  });
  const dataSource = strictFake<DataSource>({
    transaction: (...args: unknown[]) => {
      const work = args.find((arg) => typeof arg === 'function') as (m: EntityManager) => unknown;
      return Promise.resolve(work(manager));
    },
  });
  // The writer learns which rule it writes for from the lock that precedes it.
  const lockIfDue = repository.lockIfDue.bind(repository);
  Object.assign(repository, {
    lockIfDue: (id: string, today: string, m: EntityManager) => {
      currentRule = id;
      return lockIfDue(id, today, m);
    },
  });
  return { repository, occurrences, writer, dataSource, created, byId };
}

function materialiser(w: ReturnType<typeof world>, clock = new FakeClock(), env = {}) {
  return new RecurringMaterialiser(
    w.repository,
    w.occurrences,
    w.writer,
    clock,
    testConfig(env),
    w.dataSource,
  );
}

describe('RecurringMaterialiser', () => {
  it('creates each due occurrence from the template, audited as the job, and advances the rule', async () => {
    const w = world([factory.recurringExpense({ id: 'r1' })]);
    const result = await materialiser(w).materialiseDue({ today: '2026-04-15' });
    expect(result).toEqual({ today: '2026-04-15', rules: 1, created: 3, failed: [] });
    expect(w.created).toHaveLength(1);
    expect(w.created[0].inputs.map((input) => input.date)).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
    ]);
    expect(w.created[0].inputs[0]).toEqual({
      amount: '9.99',
      currency: 'EUR',
      date: '2026-01-31',
      categoryId: 'c0a80101-0000-4000-8000-000000000001',
      payee: 'Streaming',
      note: null,
      tags: ['fun'],
      vehicleId: null,
    });
    expect(w.created[0].options).toEqual({
      audit: true,
      auditDetails: { recurringExpenseId: 'r1' },
      auditActor: { type: 'system', id: 'expenses.materialise-recurring' },
    });
    expect(w.byId.get('r1')).toMatchObject({
      materialisedThrough: '2026-04-15',
      nextOccurrence: '2026-04-30',
    });
  });

  it('catches up a long gap in steps of 100 occurrences, each step its own transaction', async () => {
    const w = world([
      factory.recurringExpense({
        id: 'daily',
        unit: 'day',
        dayOfMonth: null,
        startDate: '2025-01-01',
        nextOccurrence: '2025-01-01',
      }),
    ]);
    const result = await materialiser(w).materialiseDue({ today: '2025-08-19' });
    expect(w.created.map((step) => step.inputs.length)).toEqual([100, 100, 31]);
    expect(result).toMatchObject({ rules: 1, created: 231 });
    const dates = w.created.flatMap((step) => step.inputs.map((input) => input.date));
    expect(new Set(dates).size).toBe(231);
    expect(dates.at(-1)).toBe('2025-08-19');
  });

  it('reports a rule that fails for a reason of its own, leaves it due, and goes on', async () => {
    const archived = new AppException('REFERENCED_RESOURCE_NOT_FOUND', 'no such active category');
    const w = world(
      [factory.recurringExpense({ id: 'r1' }), factory.recurringExpense({ id: 'r2' })],
      { r1: archived },
    );
    const result = await materialiser(w).materialiseDue({ today: '2026-02-01' });
    expect(result).toEqual({
      today: '2026-02-01',
      rules: 1,
      created: 1,
      failed: [
        { ruleId: 'r1', code: 'REFERENCED_RESOURCE_NOT_FOUND', detail: 'no such active category' },
      ],
    });
    expect(w.created.map((step) => step.ruleId)).toEqual(['r2']);
  });

  it('keeps the steps done before a rule fails half-way through a catch-up', async () => {
    const w = world([
      factory.recurringExpense({
        id: 'daily',
        unit: 'day',
        dayOfMonth: null,
        startDate: '2025-01-01',
        nextOccurrence: '2025-01-01',
      }),
    ]);
    const createMany = w.writer.createMany.bind(w.writer);
    let calls = 0;
    Object.assign(w.writer, {
      createMany: (...args: Parameters<ExpenseWriter['createMany']>) =>
        ++calls === 2
          ? Promise.reject(new AppException('RESOURCE_ARCHIVED', 'archived meanwhile'))
          : createMany(...args),
    });
    const result = await materialiser(w).materialiseDue({ today: '2025-08-19' });
    expect(result).toMatchObject({
      rules: 1,
      created: 100,
      failed: [{ ruleId: 'daily', code: 'RESOURCE_ARCHIVED' }],
    });
  });

  it('lets any other failure through, so the job is retried', async () => {
    const w = world([factory.recurringExpense({ id: 'r1' })], { r1: new Error('connection lost') });
    await expect(materialiser(w).materialiseDue({ today: '2026-02-01' })).rejects.toThrow(
      'connection lost',
    );
  });

  it('runs only the rule asked for, and nothing for a rule that is not due', async () => {
    const w = world([
      factory.recurringExpense({ id: 'r1' }),
      factory.recurringExpense({ id: 'r2' }),
      factory.recurringExpense({
        id: 'paused',
        active: false,
      }),
      factory.recurringExpense({
        id: 'later',
        startDate: '2026-06-01',
        nextOccurrence: '2026-06-30',
      }),
    ]);
    expect(
      await materialiser(w).materialiseDue({ today: '2026-02-01', ruleId: 'r2' }),
    ).toMatchObject({ rules: 1, created: 1 });
    expect(
      await materialiser(w).materialiseDue({ today: '2026-02-01', ruleId: 'paused' }),
    ).toMatchObject({ rules: 0, created: 0 });
    expect(
      await materialiser(w).materialiseDue({ today: '2026-02-01', ruleId: 'later' }),
    ).toMatchObject({ rules: 0, created: 0 });
    expect(w.created.map((step) => step.ruleId)).toEqual(['r2']);
  });

  it('stops between rules once its signal is aborted', async () => {
    const w = world([
      factory.recurringExpense({ id: 'r1' }),
      factory.recurringExpense({ id: 'r2' }),
    ]);
    const controller = new AbortController();
    controller.abort();
    const result = await materialiser(w).materialiseDue({
      today: '2026-02-01',
      signal: controller.signal,
    });
    expect(result).toMatchObject({ rules: 0, created: 0 });
    expect(w.created).toEqual([]);
  });

  it.each([
    ['2026-01-31T23:30:00.000Z', 'UTC', 0],
    ['2026-01-31T23:30:00.000Z', 'Europe/Berlin', 1],
    ['2026-02-01T04:00:00.000Z', 'America/Los_Angeles', 0],
  ])(
    'at %s in %s, counts today by the clock in JOBS_TIMEZONE (%i created)',
    async (now, zone, count) => {
      const w = world([
        factory.recurringExpense({
          id: 'r1',
          startDate: '2026-02-01',
          dayOfMonth: 1,
          nextOccurrence: '2026-02-01',
        }),
      ]);
      const clocked = materialiser(w, new FakeClock(now), { JOBS_TIMEZONE: zone });
      expect((await clocked.materialiseDue()).created).toBe(count);
    },
  );
});
