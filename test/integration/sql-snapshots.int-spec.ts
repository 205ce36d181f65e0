import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diff } from 'jest-diff';
import { DataSource, EntityManager } from 'typeorm';
import { SessionsRepository } from 'src/modules/auth/sessions/sessions.repository';
import { UsersRepository } from 'src/modules/auth/users/users.repository';
import { BudgetsRepository } from 'src/modules/expenses/budgets/budgets.repository';
import { CategoriesRepository } from 'src/modules/expenses/categories/categories.repository';
import { ExpenseImportsRepository } from 'src/modules/expenses/import/expense-imports.repository';
import { ExpensesRepository } from 'src/modules/expenses/expenses.repository';
import { RecurringExpensesRepository } from 'src/modules/expenses/recurring/recurring-expenses.repository';
import { buildDataSourceOptions } from 'src/platform/database/data-source-options';
import { createTestDatabase, TestDatabase } from 'test/support/database';
import {
  expenseRow,
  recurringRule,
  Fixture,
  IMPORT_ID,
  importOf,
  NOT_YET_SNAPSHOTTED,
  NOW,
  RepositoryCases,
  SNAPSHOT_CASES,
  SqlCase,
} from 'test/support/sql-snapshots/cases';
import {
  findRepositories,
  PROJECT_ROOT,
  RepositorySource,
} from 'test/support/sql-snapshots/repository-methods';
import { SqlRecorder } from 'test/support/sql-snapshots/sql-recorder';
import { testConfig } from 'test/support/test-config';

/**
 * Every repository query, written down: each public method of each repository is called with
 * representative arguments against a real (migrated) database, and the text of every statement
 * it sends is compared with `src/queries/<repository>.sql`. A query change is then a diff in
 * review. `npm run sql:snapshots` rewrites the files (see docs/data-access.md).
 */
const QUERIES_DIR = join(PROJECT_ROOT, 'src', 'queries');
const UPDATE = process.env.UPDATE_SQL_SNAPSHOTS === '1';
const UPDATE_COMMAND = 'npm run sql:snapshots';

/** Thrown at the end of every call so that nothing it wrote outlives it. */
class RollBack extends Error {}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

async function seedFixture(dataSource: DataSource): Promise<Fixture> {
  const manager = dataSource.manager;
  const user = await new UsersRepository(dataSource).insert({
    email: 'snapshot@example.test',
    displayName: 'Snapshot',
    passwordHash: 'not-a-hash',
    role: 'user',
    isDemo: false,
  });
  await new CategoriesRepository(dataSource).seedDefaults(user.id, manager);
  const [category] = await manager.query<{ id: string }[]>(
    'SELECT id FROM expense_categories WHERE user_id = $1 ORDER BY name LIMIT 1',
    [user.id],
  );
  return dataSource.transaction(async (tx: EntityManager) => {
    const [expense] = await new ExpensesRepository(dataSource).insertMany(
      [
        expenseRow(
          { userId: user.id, categoryId: category.id },
          '00000000-0000-4000-8000-0000000000e1',
        ),
      ],
      NOW,
      tx,
    );
    const budget = await new BudgetsRepository(dataSource).insert(
      {
        userId: user.id,
        categoryId: category.id,
        name: null,
        amount: '100.00',
        currency: 'EUR',
        rollover: 'none',
        startMonth: '2026-01',
        endMonth: null,
      },
      NOW,
      tx,
    );
    const recurring = await new RecurringExpensesRepository(dataSource).insert(
      recurringRule({ userId: user.id, categoryId: category.id }, 'Gym'),
      NOW,
      tx,
    );
    const session = await new SessionsRepository(dataSource).insert(
      {
        userId: user.id,
        delivery: 'bearer',
        lastUsedAt: NOW,
        expiresAt: NOW,
        ip: null,
        userAgent: null,
      },
      tx,
    );
    await new ExpenseImportsRepository(dataSource).insert(
      importOf({ userId: user.id }, IMPORT_ID),
      tx,
    );
    return {
      userId: user.id,
      categoryId: category.id,
      expenseId: expense.id,
      budgetId: budget.id,
      recurringId: recurring.id,
      sessionId: session.id,
    };
  });
}

describe('SQL snapshots (src/queries/*.sql)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let fixture: Fixture;
  const recorder = new SqlRecorder();
  const repositories = findRepositories();

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(
      buildDataSourceOptions(testConfig().database, database.url),
    ).initialize();
    fixture = await seedFixture(dataSource);
    recorder.install();
  });

  afterAll(async () => {
    recorder.uninstall();
    await dataSource?.destroy();
    await database?.drop();
  });

  async function statementsOf(
    repository: unknown,
    sqlCase: SqlCase<unknown>,
    label: string,
  ): Promise<string[]> {
    const { statements, error } = await recorder.record(() =>
      dataSource.transaction(async (manager) => {
        const result = sqlCase.run(repository, manager, fixture);
        if (isAsyncIterable(result)) {
          for await (const batch of result) void batch;
        } else {
          await result;
        }
        throw new RollBack();
      }),
    );
    // A case that fails shows a path nobody takes: its arguments need fixing, not snapshotting.
    if (!(error instanceof RollBack)) {
      throw new Error(`${label} failed: ${(error as Error).message}`, { cause: error });
    }
    return statements;
  }

  async function snapshotOf(
    source: RepositorySource,
    spec: RepositoryCases<unknown>,
  ): Promise<string> {
    const repository = new spec.repository(dataSource);
    const methods = spec.methods as Record<string, SqlCase<unknown>[] | { notCalled: string }>;
    const lines = [
      `-- Written by test/integration/sql-snapshots.int-spec.ts from ${source.file}: every`,
      `-- statement each public method sends. Do not edit; run \`${UPDATE_COMMAND}\` to update.`,
    ];
    for (const method of source.methods) {
      const cases = methods[method];
      if (!Array.isArray(cases)) {
        lines.push('', `-- ${source.className}.${method}: not called here (${cases.notCalled})`);
        continue;
      }
      for (const sqlCase of cases) {
        const title = `${source.className}.${method}(${sqlCase.label})`;
        const statements = await statementsOf(repository, sqlCase, title);
        lines.push('', `-- ${title}`);
        if (statements.length === 0) lines.push('-- (no statement)');
        for (const statement of statements) lines.push(`${statement};`);
      }
    }
    return `${lines.join('\n')}\n`;
  }

  it('knows every repository: snapshotted, or listed as not yet', () => {
    const names = repositories.map((source) => source.className);
    const unknown = names.filter((name) => !SNAPSHOT_CASES[name] && !NOT_YET_SNAPSHOTTED[name]);
    const stale = [...Object.keys(SNAPSHOT_CASES), ...Object.keys(NOT_YET_SNAPSHOTTED)].filter(
      (name) => !names.includes(name),
    );
    const both = Object.keys(SNAPSHOT_CASES).filter((name) => NOT_YET_SNAPSHOTTED[name]);
    expect({ unknown, stale, both }).toEqual({ unknown: [], stale: [], both: [] });
  });

  it('calls every public method of each snapshotted repository (or says why not)', () => {
    const problems = repositories.flatMap((source) => {
      const spec = SNAPSHOT_CASES[source.className];
      if (!spec) return [];
      const listed = Object.keys(spec.methods);
      return [
        ...source.methods
          .filter((m) => !listed.includes(m))
          .map((m) => `${source.className}.${m}: no case`),
        ...listed
          .filter((m) => !source.methods.includes(m))
          .map((m) => `${source.className}.${m}: no such public method`),
      ];
    });
    expect(problems).toEqual([]);
  });

  it(`matches src/queries/*.sql (${UPDATE_COMMAND} rewrites them)`, async () => {
    const expectedFiles = new Set<string>();
    const mismatches: string[] = [];
    if (UPDATE) mkdirSync(QUERIES_DIR, { recursive: true });
    for (const source of repositories) {
      const spec = SNAPSHOT_CASES[source.className];
      if (!spec) continue;
      const file = `${source.name}.sql`;
      expectedFiles.add(file);
      const path = join(QUERIES_DIR, file);
      const actual = await snapshotOf(source, spec);
      if (UPDATE) {
        writeFileSync(path, actual);
        continue;
      }
      const committed = existsSync(path) ? readFileSync(path, 'utf8') : '';
      if (committed !== actual) {
        mismatches.push(
          `src/queries/${file} differs from the SQL ${source.className} sends:\n` +
            diff(committed, actual, {
              aAnnotation: 'committed',
              bAnnotation: 'sent',
              expand: false,
              contextLines: 2,
            }),
        );
      }
    }
    const strays = existsSync(QUERIES_DIR)
      ? readdirSync(QUERIES_DIR).filter((file) => !expectedFiles.has(file))
      : [];
    for (const file of strays)
      mismatches.push(`src/queries/${file} belongs to no snapshotted repository`);
    if (mismatches.length > 0) {
      throw new Error(`${mismatches.join('\n\n')}\n\nIf the change is intended: ${UPDATE_COMMAND}`);
    }
    expect(mismatches).toEqual([]);
  });
});
