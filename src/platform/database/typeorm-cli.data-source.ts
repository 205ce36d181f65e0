import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { AppConfig } from 'src/config/app-config';
import {
  buildDataSourceOptions,
  DATABASE_LOGGING,
} from 'src/platform/database/data-source-options';
import { DatabaseLogger } from 'src/platform/database/database-logger';
import { startDatabaseServer } from 'src/platform/database/database-server';

/**
 * Entry point for the TypeORM CLI (`npm run migration:*`). The app's options without the request
 * time limits (a migration may rightly run for minutes); without DATABASE_URL it uses the
 * embedded server of an app running on the data folder, or else starts one and stops it when
 * the command exits.
 */
async function createCliDataSource(): Promise<DataSource> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = AppConfig.fromEnvironment();
  const server = await startDatabaseServer(config.database, {
    log: () => undefined,
    whenInUse: 'attach',
  });
  if (server.embedded) {
    process.once('exit', () => void server.stop());
  }
  return new DataSource({
    ...buildDataSourceOptions(config.database, server.url, 'maintenance'),
    logger: new DatabaseLogger(DATABASE_LOGGING, (line) => process.stdout.write(`${line}\n`)),
  });
}

export default createCliDataSource();
