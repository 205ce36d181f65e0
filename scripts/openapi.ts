import 'reflect-metadata';
import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from 'src/config/app-config';
import { createApp } from 'src/bootstrap';
import { startDatabaseServer } from 'src/platform/database/database-server';
import { AppLogger } from 'src/platform/logging/app-logger';
import { buildOpenApiDocument } from 'src/platform/openapi/openapi';

/**
 * Writes openapi.json from the running app's routes (`npm run openapi`). A test fails when the
 * committed file and the app disagree, so API changes show up in review.
 */
async function main(): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'ledgerline-openapi-'));
  await chmod(scratch, 0o755);
  const config = AppConfig.fromEnvironment({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    METRICS_ACCESS: 'off',
    EMBEDDED_PG_DATA_DIR: join(scratch, 'pg'),
  });
  const database = await startDatabaseServer(config.database, {
    log: () => undefined,
    whenInUse: 'refuse',
  });
  try {
    const app = await createApp(config, database.url, { logger: new AppLogger(config) });
    await app.init();
    const document = buildOpenApiDocument(app);
    await writeFile(
      join(__dirname, '..', 'openapi.json'),
      `${JSON.stringify(document, null, 2)}\n`,
    );
    await app.close();
  } finally {
    await database.stop();
    await rm(scratch, { recursive: true, force: true });
  }
}

void main();
