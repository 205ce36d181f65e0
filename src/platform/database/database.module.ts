import { DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from 'src/config/app-config';
import { connectWithRetry } from 'src/platform/database/connect-with-retry';
import { buildDataSourceOptions } from 'src/platform/database/data-source-options';
import { DATABASE_PROBE_TIMEOUT_MS, DatabaseProbe } from 'src/platform/database/database-probe';
import { PoolMetrics } from 'src/platform/database/pool-metrics';
import { bringSchemaUpToDate } from 'src/platform/database/schema-migrator';

const RETRY = { initialDelayMs: 500, maxDelayMs: 8000 };

/**
 * Connects to the server found at boot, retrying with backoff, and brings the schema up to
 * date before any other provider can touch it. Migrations run on a short-lived data source of
 * their own, free of the request pool's time limits. TypeORM closes the pool in its
 * onApplicationShutdown hook, which Nest runs after the HTTP server has drained.
 */
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    const logger = new Logger('Database');
    const policy = { attempts: config.database.connectAttempts, ...RETRY };
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...buildDataSourceOptions(config.database, databaseUrl),
            // Retries happen in connectWithRetry, with backoff and our own log lines.
            retryAttempts: 1,
          }),
          dataSourceFactory: async (options) => {
            const maintenance = await connectWithRetry(
              new DataSource(buildDataSourceOptions(config.database, databaseUrl, 'maintenance')),
              policy,
              logger,
            );
            try {
              const applied = await bringSchemaUpToDate(maintenance, config.database.migrations);
              if (applied.length > 0) logger.log(`Applied migrations: ${applied.join(', ')}`);
            } finally {
              await maintenance.destroy();
            }
            return connectWithRetry(new DataSource(options!), policy, logger);
          },
        }),
      ],
      providers: [
        PoolMetrics,
        {
          provide: DatabaseProbe,
          useFactory: () => new DatabaseProbe(databaseUrl, DATABASE_PROBE_TIMEOUT_MS),
        },
      ],
      exports: [DatabaseProbe],
    };
  }
}
