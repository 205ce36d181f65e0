import { join } from 'node:path';
import { DataSourceOptions, LogLevel } from 'typeorm';
import { DatabaseConfig } from 'src/config/app-config';
import { DatabaseLogger } from 'src/platform/database/database-logger';
import { SnakeNamingStrategy } from 'src/platform/database/snake-naming.strategy';

const PROJECT_ROOT = join(__dirname, '..', '..', '..');
const LOGGING: LogLevel[] = ['error', 'warn', 'migration'];

/**
 * The one definition of how Ledgerline talks to PostgreSQL, shared by the app, the TypeORM
 * CLI and the tests. Entities and migrations are found by file pattern so that the compiled
 * (`dist/`) and the TypeScript trees both work.
 */
export function buildDataSourceOptions(database: DatabaseConfig, url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [join(PROJECT_ROOT, 'src', '{modules,platform}', '**', '*.entity.{ts,js}')],
    migrations: [join(PROJECT_ROOT, 'migrations', '*.{ts,js}')],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+: no extension, no superuser needed.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    migrationsRun: false,
    logging: LOGGING,
    // Never TypeORM's console loggers: they print every failed statement's parameters.
    logger: new DatabaseLogger(LOGGING),
    poolSize: database.poolSize,
    connectTimeoutMS: database.connectTimeoutMs,
    applicationName: 'ledgerline',
    extra: {
      statement_timeout: database.statementTimeoutMs,
      query_timeout: database.queryTimeoutMs,
      idleTimeoutMillis: database.idleTimeoutMs,
      maxLifetimeSeconds: database.maxConnectionLifetimeSeconds,
      keepAlive: true,
      keepAliveInitialDelayMillis: database.keepAliveInitialDelayMs,
    },
  };
}
