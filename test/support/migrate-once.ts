import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from 'src/platform/database/data-source-options';
import { bringSchemaUpToDate } from 'src/platform/database/schema-migrator';
import { testConfig } from 'test/support/test-config';

/** One "instance" migrating a database, as a separate process: prints what it applied. */
async function main(): Promise<void> {
  const url = process.argv[2];
  const dataSource = await new DataSource(
    buildDataSourceOptions(testConfig().database, url),
  ).initialize();
  const applied = await bringSchemaUpToDate(dataSource, 'auto');
  await dataSource.destroy();
  process.stdout.write(JSON.stringify(applied));
}

void main();
