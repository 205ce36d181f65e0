import { getConstructionPlans } from 'pg-boss';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from 'src/platform/database/data-source-options';
import { bringSchemaUpToDate, PendingMigrationsError } from 'src/platform/database/schema-migrator';
import { JOBS_SCHEMA } from 'src/platform/jobs/pg-boss-options';
import { createTestDatabase, TestDatabase } from 'test/support/database';
import { runTs } from 'test/support/run-ts';
import { testConfig } from 'test/support/test-config';

async function openDataSource(url: string): Promise<DataSource> {
  return new DataSource(buildDataSourceOptions(testConfig().database, url)).initialize();
}

async function userTables(dataSource: DataSource): Promise<string[]> {
  const rows = await dataSource.query<{ table_name: string }[]>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY table_name`,
  );
  return rows.map((row) => row.table_name);
}

describe('migrations', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeEach(async () => {
    database = await createTestDatabase({ empty: true });
    dataSource = await openDataSource(database.url);
  });

  afterEach(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('go up, all the way down, and up again on an empty database', async () => {
    const total = dataSource.migrations.length;
    expect(total).toBeGreaterThan(0);

    await dataSource.runMigrations({ transaction: 'each' });
    const tablesAfterFirstRun = await userTables(dataSource);
    expect(tablesAfterFirstRun).toContain('users');

    for (let step = 0; step < total; step++) await dataSource.undoLastMigration();
    expect(await userTables(dataSource)).toEqual([]);

    await dataSource.runMigrations({ transaction: 'each' });
    expect(await userTables(dataSource)).toEqual(tablesAfterFirstRun);
  });

  it('leave no drift: generating a migration on a migrated database yields nothing', async () => {
    await dataSource.runMigrations();
    const { upQueries, downQueries } = await dataSource.driver.createSchemaBuilder().log();
    expect(upQueries.map((query) => query.query)).toEqual([]);
    expect(downQueries).toEqual([]);
  });

  it("leave the job queue's own schema to pg-boss: no drift beside it, untouched going down", async () => {
    await dataSource.runMigrations();
    await dataSource.query(getConstructionPlans(JOBS_SCHEMA));
    const { upQueries, downQueries } = await dataSource.driver.createSchemaBuilder().log();
    expect(upQueries.map((query) => query.query)).toEqual([]);
    expect(downQueries).toEqual([]);

    for (let step = 0; step < dataSource.migrations.length; step++) {
      await dataSource.undoLastMigration();
    }
    expect(await userTables(dataSource)).toEqual([]);
    const [{ tables }] = await dataSource.query<{ tables: number }[]>(
      `SELECT count(*)::int AS tables FROM information_schema.tables WHERE table_schema = $1`,
      [JOBS_SCHEMA],
    );
    expect(tables).toBeGreaterThan(0);
  });

  it('manual mode refuses a database that is behind, and accepts a current one', async () => {
    await expect(bringSchemaUpToDate(dataSource, 'manual')).rejects.toBeInstanceOf(
      PendingMigrationsError,
    );
    await bringSchemaUpToDate(dataSource, 'auto');
    await expect(bringSchemaUpToDate(dataSource, 'manual')).resolves.toEqual([]);
  });

  it('apply each migration exactly once when two processes migrate at the same moment', async () => {
    const [first, second] = await Promise.all([
      runTs('test/support/migrate-once.ts', [database.url]),
      runTs('test/support/migrate-once.ts', [database.url]),
    ]);
    expect([first.code, second.code, first.stderr + second.stderr]).toEqual([0, 0, '']);

    const appliedByEither = [
      ...(JSON.parse(first.stdout) as string[]),
      ...(JSON.parse(second.stdout) as string[]),
    ];
    const expected = dataSource.migrations.map((migration) => migration.name).sort();
    expect([...appliedByEither].sort()).toEqual(expected);

    const recorded = await dataSource.query<{ name: string }[]>('SELECT name FROM migrations');
    expect(recorded.map((row) => row.name).sort()).toEqual(expected);
  });
});
