import { DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from 'src/config/app-config';
import { connectWithRetry } from 'src/platform/database/connect-with-retry';
import { buildDataSourceOptions } from 'src/platform/database/data-source-options';
import { PoolMetrics } from 'src/platform/database/pool-metrics';
import { bringSchemaUpToDate } from 'src/platform/database/schema-migrator';

/**
 * Connects to the server found at boot, retrying with backoff, and brings the schema up to
 * date before any other provider can touch it. TypeORM closes the pool in its
 * onApplicationShutdown hook, which Nest runs after the HTTP server has drained.
 */
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    const logger = new Logger('Database');
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...buildDataSourceOptions(config.database, databaseUrl),
            // Retries happen in connectWithRetry, with backoff and our own log lines.
            retryAttempts: 1,
          }),
          dataSourceFactory: async (options) => {
            const dataSource = await connectWithRetry(
              new DataSource(options!),
              { attempts: config.database.connectAttempts, initialDelayMs: 500, maxDelayMs: 8000 },
              logger,
            );
            const applied = await bringSchemaUpToDate(dataSource, config.database.migrations);
            if (applied.length > 0) logger.log(`Applied migrations: ${applied.join(', ')}`);
            return dataSource;
          },
        }),
      ],
      providers: [PoolMetrics],
    };
  }
}
