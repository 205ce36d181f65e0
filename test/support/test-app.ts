import { DynamicModule } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyInstance } from 'fastify';
import { DestinationStream } from 'pino';
import { AppConfig } from 'src/config/app-config';
import { Clock } from 'src/platform/clock/clock';
import { AppLogger } from 'src/platform/logging/app-logger';
import { createApp } from 'src/bootstrap';
import { createTestDatabase, TestDatabase } from 'test/support/database';
import { testConfig } from 'test/support/test-config';

export interface TestApp {
  app: NestFastifyApplication;
  /** Fastify's in-process HTTP client: the full request pipeline, no socket. */
  inject: FastifyInstance['inject'];
  config: AppConfig;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * The production application (same modules, same configureApp pipeline) on a database of its
 * own, ready for `app.inject()`.
 */
export async function startTestApp(
  env: NodeJS.ProcessEnv = {},
  extraModules: DynamicModule['imports'] = [],
  logDestination?: DestinationStream,
  clock?: Clock,
): Promise<TestApp> {
  const config = testConfig(env);
  const database = await createTestDatabase();
  const app = await createApp(config, database.url, {
    logger: new AppLogger(config, logDestination),
    extraModules,
    clock,
  }).catch(async (error: unknown) => {
    await database.drop();
    throw error;
  });
  try {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  } catch (error) {
    // A start-up that fails on purpose (a test of it) leaves nothing behind.
    await app.close().catch(() => undefined);
    await database.drop();
    throw error;
  }

  const fastify = app.getHttpAdapter().getInstance();
  return {
    app,
    inject: fastify.inject.bind(fastify),
    config,
    database,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
