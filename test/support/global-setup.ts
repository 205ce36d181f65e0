import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { getConstructionPlans } from 'pg-boss';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from 'src/platform/database/data-source-options';
import { JOBS_SCHEMA } from 'src/platform/jobs/pg-boss-options';
import { EmbeddedPostgres } from 'src/platform/database/embedded-postgres';
import { TEMPLATE_DATABASE, withDatabase } from 'test/support/database';
import { testConfig } from 'test/support/test-config';

/**
 * One PostgreSQL for the whole run (TEST_DATABASE_URL, or an embedded throw-away cluster),
 * with a migrated template database (TypeORM migrations and pg-boss's schema) that every test
 * file clones.
 */
export default async function globalSetup(): Promise<void> {
  process.env.TZ = 'UTC';

  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const root = await mkdtemp(join(tmpdir(), 'ledgerline-test-'));
    // Run as root, PostgreSQL runs as an unprivileged user that must reach the folder.
    await chmod(root, 0o755);
    const server = new EmbeddedPostgres({
      dataDir: join(root, 'pg'),
      port: 0,
      persistent: false,
      log: () => undefined,
    });
    adminUrl = await server.start();
    (globalThis as { __embeddedPostgres?: EmbeddedPostgres }).__embeddedPostgres = server;
  }
  process.env.LEDGERLINE_TEST_ADMIN_URL = adminUrl;

  await withDatabase(adminUrl, async (client: Client) => {
    await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  });
  const template = new DataSource(
    buildDataSourceOptions(testConfig().database, databaseUrl(adminUrl, TEMPLATE_DATABASE)),
  );
  await template.initialize();
  await template.runMigrations();
  await template.destroy();
  // The job queue's own schema, as pg-boss would install it on first start: every file's copy
  // then starts pg-boss without installing it again.
  await withDatabase(databaseUrl(adminUrl, TEMPLATE_DATABASE), (client) =>
    client.query(getConstructionPlans(JOBS_SCHEMA)),
  );
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
