import { DataSource, EntityManager } from 'typeorm';
import { IdempotencyService } from 'src/platform/idempotency/idempotency.service';
import { AuditService } from 'src/modules/audit/audit.service';
import { AuditEventInput } from 'src/modules/audit/audit.types';
import { CategoriesService } from 'src/modules/expenses/categories/categories.service';
import {
  CreateRecurringExpenseDto,
  UpdateRecurringExpenseDto,
} from 'src/modules/expenses/recurring/dto/recurring-expense.dto';
import { InvalidRecurrenceRuleError } from 'src/modules/expenses/recurring/recurrence';
import { RecurringExpenseRecord } from 'src/modules/expenses/recurring/recurring-expense.types';
import {
  RecurringExpenseChanges,
  RecurringExpensesRepository,
} from 'src/modules/expenses/recurring/recurring-expenses.repository';
import { RecurringExpensesService } from 'src/modules/expenses/recurring/recurring-expenses.service';
import { factory } from 'test/support/factories';
import { FakeClock } from 'test/support/fake-clock';
import { strictFake } from 'test/support/strict-fake';
import { testConfig } from 'test/support/test-config';

const USER = factory.ids.user;
const ID = factory.ids.recurringExpense;
const manager = { queryRunner: { isTransactionActive: true } } as unknown as EntityManager;

/** A paused rent rule, materialised through February, at version 4. */
const rent: Partial<RecurringExpenseRecord> = {
  id: ID,
  amount: '950.00',
  payee: 'Landlord',
  tags: [],
  dayOfMonth: null,
  startDate: '2026-01-31',
  active: false,
  materialisedThrough: '2026-02-28',
  nextOccurrence: '2026-03-31',
  version: 4,
};

function service(
  rules: Partial<RecurringExpensesRepository>,
  clock = new FakeClock('2026-06-10T22:30:00.000Z'),
  env: NodeJS.ProcessEnv = {},
) {
  const audited: AuditEventInput[] = [];
  const instance = new RecurringExpensesService(
    strictFake<RecurringExpensesRepository>(rules, 'RecurringExpensesRepository'),
    strictFake<CategoriesService>({}, 'CategoriesService'),
    strictFake<IdempotencyService>({}, 'IdempotencyService'),
    strictFake<AuditService>(
      {
        record: (_m: EntityManager, event: AuditEventInput) => {
          audited.push(event);
          return Promise.resolve({ id: 'e', sequence: '1', occurredAt: new Date(), hash: 'h' });
        },
      },
      'AuditService',
    ),
    clock,
    testConfig(env),
    strictFake<DataSource>({
      transaction: (...args: unknown[]) => {
        const work = args.find((arg) => typeof arg === 'function') as (m: EntityManager) => unknown;
        return Promise.resolve(work(manager));
      },
    }),
  );
  return { instance, audited };
}

describe('RecurringExpensesService', () => {
  it('refuses an invalid schedule before touching anything', () => {
    const { instance } = service({});
    const body = Object.assign(new CreateRecurringExpenseDto(), {
      unit: 'week',
      interval: 1,
      startDate: '2026-03-01',
      dayOfMonth: 5,
      amount: { amount: '1.00', currency: 'EUR' },
      categoryId: 'c0a80101-0000-4000-8000-000000000001',
    });
    expect(() => instance.create(USER, body, undefined)).toThrow(InvalidRecurrenceRuleError);
  });

  it.each([
    ['UTC', '2026-06-09'],
    ['Europe/Berlin', '2026-06-10'],
  ])(
    'resumes in %s skipping through yesterday there, and audits what changed',
    async (zone, yesterday) => {
      let written: RecurringExpenseChanges | undefined;
      const { instance, audited } = service(
        {
          lockOwned: () => Promise.resolve(factory.recurringExpense(rent)),
          update: (_u: string, _i: string, changes: RecurringExpenseChanges) => {
            written = changes;
            return Promise.resolve(factory.recurringExpense({ ...rent, ...changes, version: 5 }));
          },
        },
        undefined,
        { JOBS_TIMEZONE: zone },
      );
      const body = Object.assign(new UpdateRecurringExpenseDto(), { active: true });
      const response = await instance.update(USER, ID, { kind: 'versions', versions: [4] }, body);
      expect(written).toEqual({
        active: true,
        materialisedThrough: yesterday,
        nextOccurrence: '2026-06-30',
      });
      expect(response).toMatchObject({ active: true, version: 5, materialisedThrough: yesterday });
      expect(audited).toEqual([
        expect.objectContaining({
          action: 'recurring_expense.updated',
          resourceType: 'recurring_expense',
          resourceId: ID,
          details: expect.objectContaining({ changed: ['active'], version: 5 }) as unknown,
        }),
      ]);
    },
  );

  it('treats values equal to the stored ones as no change: no write, no event', async () => {
    const { instance, audited } = service({
      lockOwned: () => Promise.resolve(factory.recurringExpense(rent)),
    });
    const body = Object.assign(new UpdateRecurringExpenseDto(), {
      amount: { amount: '950', currency: 'EUR' },
      payee: ' Landlord ',
      interval: 1,
      endDate: null,
      active: false,
    });
    const response = await instance.update(USER, ID, { kind: 'any' }, body);
    expect(response.version).toBe(4);
    expect(audited).toEqual([]);
  });

  it('moves the next occurrence, not the watermark, when the schedule changes', async () => {
    let written: RecurringExpenseChanges | undefined;
    const { instance } = service({
      lockOwned: () => Promise.resolve(factory.recurringExpense({ ...rent, active: true })),
      update: (_u: string, _i: string, changes: RecurringExpenseChanges) => {
        written = changes;
        return Promise.resolve(factory.recurringExpense({ ...rent, ...changes, version: 5 }));
      },
    });
    const body = Object.assign(new UpdateRecurringExpenseDto(), { dayOfMonth: 15 });
    await instance.update(USER, ID, { kind: 'versions', versions: [4] }, body);
    expect(written).toEqual({ dayOfMonth: 15, nextOccurrence: '2026-03-15' });
  });

  it('refuses a stale If-Match and a missing one', async () => {
    const { instance } = service({
      lockOwned: () => Promise.resolve(factory.recurringExpense(rent)),
    });
    const body = Object.assign(new UpdateRecurringExpenseDto(), { payee: 'x' });
    await expect(
      instance.update(USER, ID, { kind: 'versions', versions: [3] }, body),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(instance.update(USER, ID, { kind: 'absent' }, body)).rejects.toMatchObject({
      code: 'PRECONDITION_REQUIRED',
    });
  });
});
