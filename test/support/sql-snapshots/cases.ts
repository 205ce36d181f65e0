import { FxRatesRepository } from 'src/modules/currencies/fx-rates.repository';
import { AccountTokensRepository } from 'src/modules/auth/account-tokens/account-tokens.repository';
import { ApiKeysRepository } from 'src/modules/auth/api-keys/api-keys.repository';
import { BaseAmountsRepository } from 'src/modules/expenses/base-amounts/base-amounts.repository';
import { BudgetAlertsRepository } from 'src/modules/expenses/budgets/budget-alerts.repository';
import { BudgetSpendingRepository } from 'src/modules/expenses/budgets/budget-spending.repository';
import { CategoriesRepository } from 'src/modules/expenses/categories/categories.repository';
import { ExpenseCategory } from 'src/modules/expenses/categories/entities/expense-category.entity';
import { ExpenseImport } from 'src/modules/expenses/import/entities/expense-import.entity';
import { ExpenseImportsRepository } from 'src/modules/expenses/import/expense-imports.repository';
import { RecurringOccurrencesRepository } from 'src/modules/expenses/recurring/recurring-occurrences.repository';
import { IdempotencyRecord } from 'src/platform/idempotency/idempotency-record.entity';
import { IdempotencyRepository } from 'src/platform/idempotency/idempotency.repository';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRepository } from 'src/modules/audit/audit.repository';
import { SessionsRepository } from 'src/modules/auth/sessions/sessions.repository';
import { UsersRepository } from 'src/modules/auth/users/users.repository';
import { BudgetsRepository } from 'src/modules/expenses/budgets/budgets.repository';
import { ExpensesRepository } from 'src/modules/expenses/expenses.repository';
import { RecurringExpensesRepository } from 'src/modules/expenses/recurring/recurring-expenses.repository';
import { SummariesRepository } from 'src/modules/expenses/summaries/summaries.repository';
import { SUMMARY_GROUPINGS } from 'src/modules/expenses/summaries/summary.types';
import { encodeCursor } from 'src/platform/pagination/cursor';

/** Rows the harness commits before recording, so that the calls find something to read. */
export interface Fixture {
  userId: string;
  categoryId: string;
  expenseId: string;
  budgetId: string;
  recurringId: string;
  sessionId: string;
}

export interface SqlCase<T> {
  /** What the arguments are, in the snapshot's comment: `ClassName.method(label)`. */
  label: string;
  /** May answer a promise or an async iterable (drained). */
  run(repository: T, manager: EntityManager, fixture: Fixture): unknown;
}

type MethodsOf<T> = {
  [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K & string : never;
}[keyof T];

export interface RepositoryCases<T> {
  repository: new (dataSource: DataSource) => T;
  /** Each public method: the calls that show its statements, or why the harness cannot call it. */
  methods: { [K in MethodsOf<T>]: SqlCase<T>[] | { notCalled: string } };
}

export const NOW = new Date('2026-03-15T12:00:00.000Z');
const OTHER_ID = '00000000-0000-4000-8000-000000000001';
const OTHER_ID_2 = '00000000-0000-4000-8000-000000000002';
export const IMPORT_ID = '00000000-0000-4000-8000-0000000000a1';
const CURSOR = encodeCursor(['2026-03-01T00:00:00.000Z', OTHER_ID]);

function cases<T>(spec: RepositoryCases<T>): RepositoryCases<unknown> {
  return spec;
}

/** A monthly recurring rule of the fixture's user. */
export const recurringRule = (fixture: Pick<Fixture, 'userId' | 'categoryId'>, payee: string) => ({
  userId: fixture.userId,
  categoryId: fixture.categoryId,
  amount: '9.99',
  currency: 'EUR',
  payee,
  note: null,
  tags: [],
  vehicleId: null,
  unit: 'month' as const,
  interval: 1,
  dayOfMonth: 1,
  startDate: '2026-01-01',
  endDate: null,
  count: null,
  active: true,
  materialisedThrough: null,
  nextOccurrence: '2026-01-01',
});

/** The fixture expense's base amount, as a conversion writes it. */
const conversionOf = (fixture: Fixture) => ({
  id: fixture.expenseId,
  version: 1,
  baseCurrency: 'EUR',
  baseAmount: '10.00',
  fxRate: '1',
  fxRateDate: '2026-03-02',
  fxSource: 'ECB' as const,
  fxMissingReason: null,
  fxMissingDetail: null,
});

/** An expense row of the fixture's user: the one committed first, and those cases insert. */
export const expenseRow = (fixture: Pick<Fixture, 'userId' | 'categoryId'>, id: string) => ({
  id,
  userId: fixture.userId,
  categoryId: fixture.categoryId,
  date: '2026-03-02',
  amount: '10.00',
  currency: 'EUR',
  baseCurrency: 'EUR',
  baseAmount: '10.00',
  fxRate: '1',
  fxRateDate: '2026-03-02',
  fxSource: 'ECB' as const,
  fxMissingReason: null,
  fxMissingDetail: null,
  payee: 'Bakery',
  note: null,
  tags: ['food'],
  vehicleId: null,
});

/** An import as the CSV import writes it; the fixture holds one with IMPORT_ID. */
export const importOf = (fixture: Pick<Fixture, 'userId'>, id: string) =>
  Object.assign(new ExpenseImport(), {
    id,
    userId: fixture.userId,
    status: 'committed' as const,
    fileName: 'bank.csv',
    fileSizeBytes: 100,
    fileSha256: '0'.repeat(64),
    options: {},
    rowCount: 1,
    createdCount: 1,
    duplicateCount: 0,
    skippedCount: 0,
    createdCategories: [],
    createdAt: NOW,
    undoneAt: null,
    deletedCount: null,
  });

const fullExpenseFilter = (fixture: Fixture) => ({
  from: '2026-01-01',
  to: '2026-12-31',
  categoryIds: [fixture.categoryId],
  tag: 'food',
  searchText: 'bak',
  minBaseAmount: '1',
  maxBaseAmount: '100',
  currency: 'EUR',
});

/** Keyed by class name; every repository found in the source is here or in NOT_YET_SNAPSHOTTED. */
export const SNAPSHOT_CASES: Record<string, RepositoryCases<unknown>> = {
  ExpensesRepository: cases<ExpensesRepository>({
    repository: ExpensesRepository,
    methods: {
      insertMany: [
        {
          label: 'one row',
          run: (r, m, f) => r.insertMany([expenseRow(f, OTHER_ID)], NOW, m),
        },
      ],
      insertManyQuietly: [
        {
          label: 'one row',
          run: (r, m, f) => r.insertManyQuietly([expenseRow(f, OTHER_ID)], NOW, m),
        },
      ],
      findOwned: [{ label: 'userId, id', run: (r, m, f) => r.findOwned(f.userId, f.expenseId, m) }],
      lockOwned: [{ label: 'userId, id', run: (r, m, f) => r.lockOwned(f.userId, f.expenseId, m) }],
      update: [
        {
          label: 'amount and payee',
          run: (r, m, f) =>
            r.update(f.userId, f.expenseId, { amount: '12.00', payee: 'Café' }, NOW, m),
        },
      ],
      deleteOwned: [
        { label: 'userId, id', run: (r, m, f) => r.deleteOwned(f.userId, f.expenseId, m) },
      ],
      deleteManyOwned: [
        {
          label: 'two ids',
          run: (r, m, f) => r.deleteManyOwned(f.userId, [f.expenseId, OTHER_ID], m),
        },
      ],
      findSameDayAmounts: [
        {
          label: 'one candidate',
          run: (r, m, f) =>
            r.findSameDayAmounts(
              f.userId,
              [{ date: '2026-03-02', amount: '10.00', currency: 'EUR' }],
              m,
            ),
        },
      ],
      list: [
        {
          label: 'no filter, date desc, first page',
          run: (r, m, f) =>
            r.list(f.userId, {}, { field: 'date', direction: 'desc' }, 50, undefined, m),
        },
        {
          label: 'every filter, createdAt asc, after a keyset',
          run: (r, m, f) =>
            r.list(
              f.userId,
              fullExpenseFilter(f),
              { field: 'createdAt', direction: 'asc' },
              50,
              { value: '2026-03-01T00:00:00.000Z', id: OTHER_ID },
              m,
            ),
        },
        {
          label: 'no filter, amount asc: with base amount, then the tail without',
          run: (r, m, f) =>
            r.list(f.userId, {}, { field: 'amount', direction: 'asc' }, 50, undefined, m),
        },
      ],
      stream: [
        {
          label: 'no filter, date asc, batches of 1000',
          run: (r, _m, f) => r.stream(f.userId, {}, { field: 'date', direction: 'asc' }),
        },
      ],
    },
  }),

  SummariesRepository: cases<SummariesRepository>({
    repository: SummariesRepository,
    methods: {
      summarise: [
        ...SUMMARY_GROUPINGS.map((groupBy) => ({
          label: `groupBy ${groupBy}, no filter`,
          run: (r: SummariesRepository, m: EntityManager, f: Fixture) =>
            r.summarise(
              f.userId,
              'EUR',
              {
                groupBy,
                period: { from: '2026-03-01', to: '2026-03-31' },
                previous: { from: '2026-02-01', to: '2026-02-28' },
                filter: {},
                limit: 10,
              },
              m,
            ),
        })),
        {
          label: 'groupBy category, every filter',
          run: (r, m, f) =>
            r.summarise(
              f.userId,
              'EUR',
              {
                groupBy: 'category',
                period: { from: '2026-03-01', to: '2026-03-31' },
                previous: { from: '2026-02-01', to: '2026-02-28' },
                filter: { categoryId: f.categoryId, tag: 'food', currency: 'EUR' },
                limit: 10,
              },
              m,
            ),
        },
      ],
    },
  }),

  BudgetsRepository: cases<BudgetsRepository>({
    repository: BudgetsRepository,
    methods: {
      lockUserBudgets: [{ label: 'userId', run: (r, m, f) => r.lockUserBudgets(f.userId, m) }],
      countOwned: [{ label: 'userId', run: (r, m, f) => r.countOwned(f.userId, m) }],
      findOverlapping: [
        {
          label: 'category, open-ended, except one',
          run: (r, m, f) =>
            r.findOverlapping(f.userId, f.categoryId, '2026-03', null, f.budgetId, m),
        },
        {
          label: 'overall, bounded, none excepted',
          run: (r, m, f) => r.findOverlapping(f.userId, null, '2026-03', '2026-06', null, m),
        },
      ],
      insert: [
        {
          label: 'overall budget',
          run: (r, m, f) =>
            r.insert(
              {
                userId: f.userId,
                categoryId: null,
                name: 'All',
                amount: '500.00',
                currency: 'EUR',
                rollover: 'none',
                startMonth: '2027-01',
                endMonth: null,
              },
              NOW,
              m,
            ),
        },
      ],
      findOwned: [{ label: 'userId, id', run: (r, m, f) => r.findOwned(f.userId, f.budgetId, m) }],
      lockOwned: [{ label: 'userId, id', run: (r, m, f) => r.lockOwned(f.userId, f.budgetId, m) }],
      lockAllOwned: [{ label: 'userId', run: (r, m, f) => r.lockAllOwned(f.userId, m) }],
      update: [
        {
          label: 'amount',
          run: (r, m, f) => r.update(f.userId, f.budgetId, { amount: '250.00' }, NOW, m),
        },
      ],
      deleteOwned: [
        { label: 'userId, id', run: (r, m, f) => r.deleteOwned(f.userId, f.budgetId, m) },
      ],
      list: [
        { label: 'no filter, first page', run: (r, _m, f) => r.list(f.userId, {}, 50) },
        {
          label: 'every filter, after a keyset',
          run: (r, _m, f) =>
            r.list(
              f.userId,
              { categoryId: f.categoryId, kind: 'category', activeIn: '2026-03' },
              50,
              { createdAt: '2026-03-01T00:00:00.000Z', id: OTHER_ID },
            ),
        },
      ],
      findActiveIn: [
        { label: 'userId, month', run: (r, m, f) => r.findActiveIn(f.userId, '2026-03', m) },
      ],
      hasBudgetsFrom: [
        { label: 'userId, month', run: (r, m, f) => r.hasBudgetsFrom(f.userId, '2026-03', m) },
      ],
      findUserIdsActiveIn: [
        { label: 'first page', run: (r) => r.findUserIdsActiveIn('2026-03', null, 100) },
        {
          label: 'after a user',
          run: (r, _m, f) => r.findUserIdsActiveIn('2026-03', f.userId, 100),
        },
      ],
    },
  }),

  RecurringExpensesRepository: cases<RecurringExpensesRepository>({
    repository: RecurringExpensesRepository,
    methods: {
      insert: [
        {
          label: 'monthly',
          run: (r, m, f) => r.insert(recurringRule(f, 'Streaming'), NOW, m),
        },
      ],
      findOwned: [
        { label: 'userId, id', run: (r, m, f) => r.findOwned(f.userId, f.recurringId, m) },
      ],
      lockOwned: [
        { label: 'userId, id', run: (r, m, f) => r.lockOwned(f.userId, f.recurringId, m) },
      ],
      update: [
        {
          label: 'amount',
          run: (r, m, f) => r.update(f.userId, f.recurringId, { amount: '11.99' }, NOW, m),
        },
      ],
      deleteOwned: [
        { label: 'userId, id', run: (r, m, f) => r.deleteOwned(f.userId, f.recurringId, m) },
      ],
      list: [
        { label: 'first page', run: (r, m, f) => r.list(f.userId, { limit: 50 }, m) },
        {
          label: 'active only, after a keyset',
          run: (r, m, f) =>
            r.list(
              f.userId,
              {
                active: true,
                limit: 50,
                after: { createdAt: '2026-03-01T00:00:00.000Z', id: OTHER_ID },
              },
              m,
            ),
        },
      ],
      findDueIds: [
        { label: 'first page', run: (r, m) => r.findDueIds('2026-03-15', null, 100, m) },
        { label: 'after an id', run: (r, m) => r.findDueIds('2026-03-15', OTHER_ID, 100, m) },
      ],
      lockIfDue: [
        { label: 'id, today', run: (r, m, f) => r.lockIfDue(f.recurringId, '2026-03-15', m) },
      ],
      advance: [
        {
          label: 'id, through, next',
          run: (r, m, f) => r.advance(f.recurringId, '2026-03-01', '2026-04-01', m),
        },
      ],
    },
  }),

  AuditRepository: cases<AuditRepository>({
    repository: AuditRepository,
    methods: {
      lockChain: [{ label: '', run: (r, m) => r.lockChain(m) }],
      chainHeadHash: [{ label: '', run: (r, m) => r.chainHeadHash(m) }],
      append: [
        {
          label: 'one event',
          run: (r, m, f) =>
            r.append(
              {
                id: OTHER_ID,
                occurredAt: '2026-03-15T12:00:00.000000Z',
                actorType: 'user',
                actorId: f.userId,
                action: 'expense.created',
                resourceType: 'expense',
                resourceId: f.expenseId,
                outcome: 'success',
                requestId: null,
                ip: null,
                userAgent: null,
                subjectUserId: f.userId,
                details: {},
                prevHash: '0'.repeat(64),
                hash: '1'.repeat(64),
              },
              m,
            ),
        },
      ],
      latestAnchor: [{ label: '', run: (r, m) => r.latestAnchor(m) }],
      chainInOrder: [{ label: 'batches of 500', run: (r, m) => r.chainInOrder(500, m) }],
      pruneBoundary: [{ label: 'cutoff', run: (r, m) => r.pruneBoundary(NOW, m) }],
      pruneBatch: [
        { label: 'cutoff, through, batch', run: (r, m) => r.pruneBatch(NOW, '10', 500, NOW, m) },
      ],
      search: [
        { label: 'no filter, first page', run: (r, m) => r.search({}, undefined, 50, m) },
        {
          label: 'every filter, before a sequence',
          run: (r, m, f) =>
            r.search(
              {
                actorType: 'user',
                actorId: f.userId,
                action: 'expense.created',
                actionPrefix: 'expense.',
                resourceType: 'expense',
                resourceId: f.expenseId,
                subjectUserId: f.userId,
                from: new Date('2026-01-01T00:00:00Z'),
                to: NOW,
              },
              '100',
              50,
              m,
            ),
        },
      ],
      findActivity: [
        {
          label: 'two actions, before a sequence',
          run: (r, m, f) => r.findActivity(f.userId, ['auth.login', 'auth.logout'], '100', 50, m),
        },
      ],
    },
  }),

  UsersRepository: cases<UsersRepository>({
    repository: UsersRepository,
    methods: {
      insert: [
        {
          label: 'one user',
          run: (r, m) =>
            r.insert(
              {
                email: 'snapshot-insert@example.test',
                displayName: 'S',
                passwordHash: 'x',
                role: 'user',
                isDemo: false,
              },
              m,
            ),
        },
      ],
      insertIfEmailFree: [
        {
          label: 'one user',
          run: (r, m) =>
            r.insertIfEmailFree(
              {
                email: 'snapshot-free@example.test',
                displayName: 'S',
                passwordHash: 'x',
                role: 'user',
                isDemo: false,
              },
              m,
            ),
        },
      ],
      findById: [{ label: 'id', run: (r, m, f) => r.findById(f.userId, m) }],
      findByEmail: [{ label: 'email', run: (r, m) => r.findByEmail('snapshot@example.test', m) }],
      findBaseCurrency: [
        { label: 'id', run: (r, m, f) => r.findBaseCurrency(f.userId, m) },
        { label: 'id, share lock', run: (r, m, f) => r.findBaseCurrency(f.userId, m, true) },
      ],
      lockById: [{ label: 'id', run: (r, m, f) => r.lockById(f.userId, m) }],
      lockActiveAdminIds: [{ label: '', run: (r, m) => r.lockActiveAdminIds(m) }],
      countAll: [{ label: '', run: (r, m) => r.countAll(m) }],
      countActiveAdmins: [{ label: '', run: (r, m) => r.countActiveAdmins(m) }],
      recordFailedLogin: [
        {
          label: 'id, now, policy',
          run: (r, m, f) =>
            r.recordFailedLogin(
              f.userId,
              NOW,
              { threshold: 5, baseSeconds: 60, maxSeconds: 3600 },
              m,
            ),
        },
      ],
      clearFailedLogins: [{ label: 'id', run: (r, m, f) => r.clearFailedLogins(f.userId, m) }],
      update: [
        {
          label: 'displayName',
          run: (r, m, f) => r.update(f.userId, { displayName: 'Renamed' }, m),
        },
      ],
      delete: [{ label: 'id', run: (r, m) => r.delete(OTHER_ID, m) }],
      search: [
        { label: 'first page', run: (r) => r.search({ limit: 50 }) },
        {
          label: 'every filter, after a cursor',
          run: (r) =>
            r.search({ text: 'snap', role: 'user', status: 'active', limit: 50, cursor: CURSOR }),
        },
      ],
    },
  }),

  SessionsRepository: cases<SessionsRepository>({
    repository: SessionsRepository,
    methods: {
      insert: [
        {
          label: 'one session',
          run: (r, m, f) =>
            r.insert(
              {
                userId: f.userId,
                delivery: 'bearer',
                lastUsedAt: NOW,
                expiresAt: NOW,
                ip: null,
                userAgent: null,
              },
              m,
            ),
        },
      ],
      findActiveRole: [
        {
          label: 'sessionId, userId, now',
          run: (r, _m, f) => r.findActiveRole(f.sessionId, f.userId, NOW),
        },
      ],
      listActive: [
        { label: 'first page', run: (r, _m, f) => r.listActive(f.userId, NOW, 50) },
        { label: 'after a cursor', run: (r, _m, f) => r.listActive(f.userId, NOW, 50, CURSOR) },
      ],
      revoke: [
        {
          label: 'userId, sessionId',
          run: (r, m, f) => r.revoke(f.userId, f.sessionId, 'logout', NOW, m),
        },
      ],
      revokeAll: [
        { label: 'all', run: (r, m, f) => r.revokeAll(f.userId, 'password-changed', NOW, m) },
        {
          label: 'all but one',
          run: (r, m, f) => r.revokeAll(f.userId, 'password-changed', NOW, m, f.sessionId),
        },
      ],
      insertRefreshToken: [
        {
          label: 'one token',
          run: (r, m, f) =>
            r.insertRefreshToken({ sessionId: f.sessionId, tokenHash: 'hash', expiresAt: NOW }, m),
        },
      ],
      lockRefreshToken: [{ label: 'hash', run: (r, m) => r.lockRefreshToken('hash', m) }],
      markRefreshTokenUsed: [
        {
          label: 'id, now, sealed',
          run: (r, m) => r.markRefreshTokenUsed(OTHER_ID, NOW, Buffer.from('x'), m),
        },
      ],
      clearSpentSuccessors: [
        {
          label: 'sessionId, before',
          run: (r, m, f) => r.clearSpentSuccessors(f.sessionId, NOW, m),
        },
      ],
      findRefreshTokenExpiry: [
        { label: 'hash', run: (r, m) => r.findRefreshTokenExpiry('hash', m) },
      ],
      touch: [{ label: 'sessionId, now', run: (r, m, f) => r.touch(f.sessionId, NOW, m) }],
      findSessionByRefreshToken: [
        { label: 'hash', run: (r) => r.findSessionByRefreshToken('hash') },
      ],
    },
  }),

  AccountTokensRepository: cases<AccountTokensRepository>({
    repository: AccountTokensRepository,
    methods: {
      insert: [
        {
          label: 'one token',
          run: (r, m, f) =>
            r.insert(
              { userId: f.userId, purpose: 'verify_email', tokenHash: 'hash', expiresAt: NOW },
              m,
            ),
        },
      ],
      retireUnused: [
        {
          label: 'userId, purpose',
          run: (r, m, f) => r.retireUnused(f.userId, 'reset_password', NOW, m),
        },
      ],
      lockByHash: [
        { label: 'hash, purpose', run: (r, m) => r.lockByHash('hash', 'verify_email', m) },
      ],
      markUsed: [{ label: 'id, now', run: (r, m) => r.markUsed(OTHER_ID, NOW, m) }],
    },
  }),

  ApiKeysRepository: cases<ApiKeysRepository>({
    repository: ApiKeysRepository,
    methods: {
      insert: [
        {
          label: 'one key',
          run: (r, m, f) =>
            r.insert(
              {
                userId: f.userId,
                name: 'ci',
                prefix: 'abcd1234',
                secretHash: 'hash',
                scopes: ['expenses:read'],
                expiresAt: null,
              },
              m,
            ),
        },
      ],
      findLiveByHash: [{ label: 'hash, now', run: (r) => r.findLiveByHash('hash', NOW) }],
      listOwned: [
        { label: 'first page', run: (r, _m, f) => r.listOwned(f.userId, 50) },
        { label: 'after a cursor', run: (r, _m, f) => r.listOwned(f.userId, 50, CURSOR) },
      ],
      revokeOwned: [
        { label: 'userId, id', run: (r, m, f) => r.revokeOwned(f.userId, OTHER_ID, NOW, m) },
      ],
      existsOwned: [{ label: 'userId, id', run: (r, _m, f) => r.existsOwned(f.userId, OTHER_ID) }],
      recordLastUsed: [
        {
          label: 'two keys',
          run: (r) =>
            r.recordLastUsed(
              new Map([
                [OTHER_ID, NOW],
                [OTHER_ID_2, NOW],
              ]),
            ),
        },
      ],
    },
  }),

  BaseAmountsRepository: cases<BaseAmountsRepository>({
    repository: BaseAmountsRepository,
    methods: {
      lockUserBatch: [
        { label: 'first batch', run: (r, m, f) => r.lockUserBatch(f.userId, null, 500, m) },
        { label: 'after an id', run: (r, m, f) => r.lockUserBatch(f.userId, OTHER_ID, 500, m) },
      ],
      findMissingBatch: [
        { label: 'first batch', run: (r, m) => r.findMissingBatch(null, 500, m) },
        {
          label: 'after a date and id',
          run: (r, m) => r.findMissingBatch({ date: '2026-03-01', id: OTHER_ID }, 500, m),
        },
      ],
      writeConversions: [
        {
          label: 'one conversion, only missing',
          run: (r, m, f) => r.writeConversions([conversionOf(f)], NOW, true, m),
        },
        {
          label: 'one conversion, any',
          run: (r, m, f) => r.writeConversions([conversionOf(f)], NOW, false, m),
        },
      ],
    },
  }),

  BudgetAlertsRepository: cases<BudgetAlertsRepository>({
    repository: BudgetAlertsRepository,
    methods: {
      findSent: [
        { label: 'one budget, month', run: (r, _m, f) => r.findSent([f.budgetId], '2026-03') },
      ],
      claim: [
        {
          label: 'two thresholds',
          run: (r, m, f) => r.claim(f.userId, f.budgetId, '2026-03', [80, 100], NOW, m),
        },
      ],
    },
  }),

  BudgetSpendingRepository: cases<BudgetSpendingRepository>({
    repository: BudgetSpendingRepository,
    methods: {
      monthlySpending: [
        {
          label: 'one budget, month from a start',
          run: (r, m, f) =>
            r.monthlySpending(
              {
                userId: f.userId,
                baseCurrency: 'EUR',
                budgetIds: [f.budgetId],
                month: '2026-03',
                fromMonth: '2026-01',
                today: '2026-03-15',
              },
              m,
            ),
        },
      ],
    },
  }),

  CategoriesRepository: cases<CategoriesRepository>({
    repository: CategoriesRepository,
    methods: {
      seedDefaults: [
        { label: 'a user who has categories', run: (r, m, f) => r.seedDefaults(f.userId, m) },
      ],
      findDefaultIds: [{ label: 'userId', run: (r, m, f) => r.findDefaultIds(f.userId, m) }],
      findOwned: [
        { label: 'userId, id', run: (r, m, f) => r.findOwned(f.userId, f.categoryId, m) },
      ],
      lockOwned: [
        { label: 'userId, id', run: (r, m, f) => r.lockOwned(f.userId, f.categoryId, m) },
      ],
      lockForAssignment: [
        { label: 'userId, id', run: (r, m, f) => r.lockForAssignment(f.userId, f.categoryId, m) },
      ],
      lockAssignableIds: [{ label: 'userId', run: (r, m, f) => r.lockAssignableIds(f.userId, m) }],
      findAllRefs: [{ label: 'userId', run: (r, m, f) => r.findAllRefs(f.userId, m) }],
      findIdsWithChildren: [
        { label: 'userId, id', run: (r, m, f) => r.findIdsWithChildren(f.userId, f.categoryId, m) },
      ],
      countActiveChildren: [
        { label: 'parentId', run: (r, m, f) => r.countActiveChildren(f.categoryId, m) },
      ],
      insertIfNameFree: [
        {
          label: 'a sub-category',
          run: (r, m, f) =>
            r.insertIfNameFree(
              { userId: f.userId, parentId: f.categoryId, name: 'Snapshot' },
              NOW,
              m,
            ),
        },
      ],
      renameIfNameFree: [
        {
          label: 'a top-level category',
          run: (r, m, f) =>
            r.renameIfNameFree(
              Object.assign(new ExpenseCategory(), {
                id: f.categoryId,
                userId: f.userId,
                parentId: null,
                name: 'Old',
              }),
              'Renamed',
              NOW,
              m,
            ),
        },
      ],
      setArchivedAt: [
        { label: 'archive', run: (r, m, f) => r.setArchivedAt(f.categoryId, NOW, NOW, m) },
        { label: 'restore', run: (r, m, f) => r.setArchivedAt(f.categoryId, null, NOW, m) },
      ],
      search: [
        {
          label: 'not archived, first page',
          run: (r, _m, f) => r.search(f.userId, { archived: 'exclude', limit: 50 }),
        },
        {
          label: 'archived only, top level, after a keyset',
          run: (r, _m, f) =>
            r.search(f.userId, {
              archived: 'only',
              parentId: null,
              limit: 50,
              after: { name: 'Food', id: OTHER_ID },
            }),
        },
        {
          label: 'any, children of one',
          run: (r, _m, f) =>
            r.search(f.userId, { archived: 'include', parentId: f.categoryId, limit: 50 }),
        },
      ],
    },
  }),

  ExpenseImportsRepository: cases<ExpenseImportsRepository>({
    repository: ExpenseImportsRepository,
    methods: {
      lockUser: [{ label: 'userId', run: (r, m, f) => r.lockUser(f.userId, m) }],
      findImportedKeys: [
        { label: 'two keys', run: (r, m, f) => r.findImportedKeys(f.userId, ['a', 'b'], m) },
      ],
      insert: [{ label: 'one import', run: (r, m, f) => r.insert(importOf(f, OTHER_ID), m) }],
      insertRows: [
        {
          label: 'one row',
          run: (r, m, f) =>
            r.insertRows(
              IMPORT_ID,
              f.userId,
              [{ line: 2, dedupeKey: 'a', expenseId: f.expenseId }],
              m,
            ),
        },
      ],
      findOwned: [{ label: 'userId, id', run: (r, m, f) => r.findOwned(f.userId, IMPORT_ID, m) }],
      lockOwned: [{ label: 'userId, id', run: (r, m, f) => r.lockOwned(f.userId, IMPORT_ID, m) }],
      list: [
        { label: 'first page', run: (r, _m, f) => r.list(f.userId, 50) },
        {
          label: 'before a keyset',
          run: (r, _m, f) =>
            r.list(f.userId, 50, { createdAt: '2026-03-01T00:00:00.000Z', id: OTHER_ID }),
        },
      ],
      deleteRows: [{ label: 'importId', run: (r, m) => r.deleteRows(IMPORT_ID, m) }],
      markUndone: [{ label: 'id, when, count', run: (r, m) => r.markUndone(IMPORT_ID, NOW, 3, m) }],
    },
  }),

  FxRatesRepository: cases<FxRatesRepository>({
    repository: FxRatesRepository,
    methods: {
      upsertMany: [
        {
          label: 'two quotes',
          run: (r, m) =>
            r.upsertMany(
              'ECB',
              [
                { date: '2026-03-02', currency: 'USD', rate: '1.08' },
                { date: '2026-03-02', currency: 'JPY', rate: '162.5' },
              ],
              m,
            ),
        },
      ],
      findLatestOnOrBefore: [
        {
          label: 'two currencies, date',
          run: (r, m) => r.findLatestOnOrBefore('ECB', ['USD', 'JPY'], '2026-03-02', m),
        },
      ],
      findBetween: [
        {
          label: 'two currencies, range',
          run: (r, m) => r.findBetween('ECB', ['USD', 'JPY'], '2026-03-01', '2026-03-31', m),
        },
      ],
      findStoredRange: [{ label: 'source', run: (r, m) => r.findStoredRange('ECB', m) }],
      hasAny: [{ label: 'source', run: (r, m) => r.hasAny('ECB', m) }],
      count: [{ label: 'source', run: (r, m) => r.count('ECB', m) }],
    },
  }),

  RecurringOccurrencesRepository: cases<RecurringOccurrencesRepository>({
    repository: RecurringOccurrencesRepository,
    methods: {
      claim: [
        {
          label: 'two dates',
          run: (r, m, f) => r.claim(f.recurringId, ['2026-02-01', '2026-03-01'], NOW, m),
        },
      ],
      link: [
        {
          label: 'one link',
          run: (r, m, f) =>
            r.link(f.recurringId, [{ date: '2026-03-01', expenseId: f.expenseId }], m),
        },
      ],
    },
  }),

  IdempotencyRepository: cases<IdempotencyRepository>({
    repository: IdempotencyRepository,
    methods: {
      tryLock: [{ label: 'userId, key', run: (r, m, f) => r.tryLock(f.userId, 'key-1', m) }],
      findLive: [
        { label: 'userId, key, now', run: (r, m, f) => r.findLive(f.userId, 'key-1', NOW, m) },
      ],
      save: [
        {
          label: 'one record',
          run: (r, m, f) =>
            r.save(
              Object.assign(new IdempotencyRecord(), {
                userId: f.userId,
                key: 'key-1',
                requestHash: 'hash',
                responseStatus: 201,
                responseBody: '{}',
                createdAt: NOW,
                expiresAt: NOW,
              }),
              m,
            ),
        },
      ],
      deleteExpired: [{ label: 'now, batch', run: (r) => r.deleteExpired(NOW, 1000) }],
    },
  }),
};

/**
 * Repositories whose statements are not written to src/queries yet, with why. Shrink this list;
 * never grow it: a repository added to the source must come with its cases above.
 */
export const NOT_YET_SNAPSHOTTED: Record<string, string> = {};
