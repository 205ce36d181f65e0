import { join } from 'node:path';
import { DataSourceOptions, LogLevel } from 'typeorm';
import { DatabaseConfig } from 'src/config/app-config';
import { CloseTimedOutConnections } from 'src/platform/database/close-timed-out-connections.subscriber';
import { DatabaseLogger } from 'src/platform/database/database-logger';
import { SnakeNamingStrategy } from 'src/platform/database/snake-naming.strategy';

const PROJECT_ROOT = join(__dirname, '..', '..', '..');
export const DATABASE_LOGGING: LogLevel[] = ['error', 'warn', 'migration'];

/**
 * `requests`: the pool that serves traffic, whose every wait is short enough for a request to
 * fail fast (503) when the database stalls. `maintenance`: migrations and the CLI, one
 * connection with no statement or query limit, since an index build or the migration lock may
 * rightly take minutes.
 */
export type DataSourcePurpose = 'requests' | 'maintenance';

/**
 * The one definition of how Ledgerline talks to PostgreSQL, shared by the app, the TypeORM
 * CLI and the tests. Entities and migrations are found by file pattern so that the compiled
 * (`dist/`) and the TypeScript trees both work.
 */
export function buildDataSourceOptions(
  database: DatabaseConfig,
  url: string,
  purpose: DataSourcePurpose = 'requests',
): DataSourceOptions {
  const requests = purpose === 'requests';
  return {
    type: 'postgres',
    url,
    entities: [join(PROJECT_ROOT, 'src', '{modules,platform}', '**', '*.entity.{ts,js}')],
    migrations: [join(PROJECT_ROOT, 'migrations', '*.{ts,js}')],
    subscribers: [CloseTimedOutConnections],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+: no extension, no superuser needed.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    migrationsRun: false,
    logging: DATABASE_LOGGING,
    // Never TypeORM's console loggers: they print every failed statement's parameters.
    logger: new DatabaseLogger(DATABASE_LOGGING),
    // Maintenance holds the migration lock on one connection and migrates on the other.
    poolSize: requests ? database.poolSize : 2,
    // pg-pool applies this both to opening a connection and to waiting for a free one.
    connectTimeoutMS: requests ? database.acquireTimeoutMs : database.connectTimeoutMs,
    applicationName: requests ? 'ledgerline' : 'ledgerline-maintenance',
    extra: {
      ...(requests
        ? { statement_timeout: database.statementTimeoutMs, query_timeout: database.queryTimeoutMs }
        : { statement_timeout: 0 }),
      idleTimeoutMillis: database.idleTimeoutMs,
      maxLifetimeSeconds: database.maxConnectionLifetimeSeconds,
      keepAlive: true,
      keepAliveInitialDelayMillis: database.keepAliveInitialDelayMs,
    },
  };
}
