import { DataSource } from 'typeorm';
import { MigrationMode } from 'src/config/sections/database.config';

/** Any fixed 64-bit number works; it only has to be the same for every instance. */
const MIGRATION_LOCK_KEY = 7_256_193_004_118_921n;

export class PendingMigrationsError extends Error {
  constructor(readonly pending: number) {
    super(
      `The database schema is behind: ${pending} migration(s) pending and MIGRATIONS=manual. ` +
        'Run `npm run migration:run` before starting the app.',
    );
    this.name = 'PendingMigrationsError';
  }
}

/**
 * `auto`: applies pending migrations under a PostgreSQL advisory lock, so instances starting
 * together apply each migration once (the others wait, then find nothing left to do).
 * `manual`: refuses to serve while any migration is pending.
 */
export async function bringSchemaUpToDate(
  dataSource: DataSource,
  mode: MigrationMode,
): Promise<string[]> {
  if (mode === 'manual') {
    const pending = await countPendingMigrations(dataSource);
    if (pending > 0) throw new PendingMigrationsError(pending);
    return [];
  }
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);
    }
  } finally {
    await runner.release();
  }
}

/** Runs one query and returns its rows: the data source's pool, or the readiness probe's. */
export type QueryRows = <Row>(sql: string, parameters?: unknown[]) => Promise<Row[]>;

/** Migrations the code knows that the database has not applied, asked through `query`. */
export async function countPendingMigrations(
  dataSource: DataSource,
  query: QueryRows = (sql, parameters) => dataSource.query(sql, parameters),
): Promise<number> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const [{ present }] = await query<{ present: boolean }>(
    'SELECT to_regclass($1) IS NOT NULL AS present',
    [table],
  );
  const executed = present ? await query<{ name: string }>(`SELECT name FROM "${table}"`) : [];
  const done = new Set(executed.map((row) => row.name));
  return dataSource.migrations.filter((migration) => !done.has(migration.name ?? '')).length;
}
