import { ModuleMetadata } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppConfig } from 'src/config/app-config';
import { ConfigModule } from 'src/config/config.module';
import { ClockModule } from 'src/platform/clock/clock.module';
import { DatabaseModule } from 'src/platform/database/database.module';
import { MetricsPlatformModule } from 'src/platform/metrics/metrics.module';
import { createTestDatabase, TestDatabase } from 'test/support/database';
import { testConfig } from 'test/support/test-config';

export interface TestContext {
  moduleRef: TestingModule;
  dataSource: DataSource;
  database: TestDatabase;
  config: AppConfig;
  close(): Promise<void>;
}

export interface TestContextOptions {
  env?: NodeJS.ProcessEnv;
  /** Providers replaced by test doubles, e.g. `[Clock, new FakeClock()]`. */
  overrides?: [token: unknown, value: unknown][];
}

/**
 * Modules on the real platform (configuration, clock, PostgreSQL on a database of their own),
 * without HTTP: for integration tests of services and repositories.
 */
export async function startTestContext(
  imports: NonNullable<ModuleMetadata['imports']>,
  options: TestContextOptions = {},
): Promise<TestContext> {
  const database = await createTestDatabase();
  const config = testConfig(options.env);
  let builder = Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      MetricsPlatformModule,
      ClockModule,
      DatabaseModule.forRoot(config, database.url),
      ...imports,
    ],
  });
  for (const [token, value] of options.overrides ?? []) {
    builder = builder.overrideProvider(token).useValue(value);
  }
  const moduleRef = await builder.compile();
  await moduleRef.init();
  return {
    moduleRef,
    dataSource: moduleRef.get(DataSource),
    database,
    config,
    close: async () => {
      await moduleRef.close();
      await database.drop();
    },
  };
}
