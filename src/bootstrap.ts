import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamicModule, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { AppConfig, ConfigValidationError } from 'src/config/app-config';
import { describeConfig } from 'src/config/config-summary';
import { DEVELOPMENT_SECRET_FILE, keepDevelopmentSecret } from 'src/config/development-secret';
import { AppModule } from 'src/app.module';
import openApiPluginMetadata from 'src/metadata';
import { DatabaseServer, startDatabaseServer } from 'src/platform/database/database-server';
import { configureApp, fastifyOptions } from 'src/platform/http/configure-app';
import { listeningUrls } from 'src/platform/http/listening-address';
import { DOCS_PATH } from 'src/platform/openapi/openapi';
import { AppLogger } from 'src/platform/logging/app-logger';
import { describeError } from 'src/platform/logging/safe-error';
import { Clock } from 'src/platform/clock/clock';
import { ShutdownState } from 'src/platform/lifecycle/shutdown-state';

export interface BootOptions {
  env?: NodeJS.ProcessEnv;
  /** Extra modules mounted beside the app (used by lifecycle tests). */
  extraModules?: DynamicModule['imports'];
}

/** Builds the Nest application on a database server that is already running. */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  options: { logger?: AppLogger; extraModules?: BootOptions['extraModules']; clock?: Clock } = {},
): Promise<NestFastifyApplication> {
  const logger = options.logger ?? new AppLogger(config);
  // What the @nestjs/swagger CLI plugin would have compiled in (`npm run generate:metadata`).
  await SwaggerModule.loadPluginMetadata(openApiPluginMetadata);
  const root = AppModule.forRoot(config, databaseUrl, logger, options.clock);
  root.imports = [...(root.imports ?? []), ...(options.extraModules ?? [])];
  const app = await NestFactory.create<NestFastifyApplication>(
    root,
    new FastifyAdapter(fastifyOptions(config.http)),
    // A failed start-up rejects instead of Nest calling process.exit(1) itself: bootstrap
    // logs it and stops the database first, and a test that starts an app sees the error.
    { logger, bufferLogs: false, abortOnError: false },
  );
  configureApp(app);
  return app;
}

/**
 * Process lifecycle: validate configuration, start (or find) PostgreSQL, serve, and on
 * SIGTERM/SIGINT shut down in order — readiness off, job workers stop taking jobs, HTTP drained
 * (bounded), running handlers and jobs finished, metrics listener and pools closed, embedded PostgreSQL stopped — then
 * exit 0.
 */
export async function bootstrap(options: BootOptions = {}): Promise<void> {
  const source = options.env ?? process.env;
  let config: AppConfig;
  try {
    config = AppConfig.fromEnvironment(source);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const logger = new AppLogger(config);
  Logger.overrideLogger(logger);
  const log = new Logger('Bootstrap');
  log.log(`Effective configuration: ${JSON.stringify(describeConfig(config))}`);

  const started = performance.now();
  let database: DatabaseServer | undefined;
  let app: NestFastifyApplication | undefined;
  try {
    const postgresLog = new Logger('EmbeddedPostgres');
    database = await startDatabaseServer(config.database, {
      log: (line) => postgresLog.debug(line),
      warn: (line) => postgresLog.warn(line),
      whenInUse: 'refuse',
      // Serving without a database for ever helps no one: exit so that whatever supervises
      // the process (an orchestrator, systemd, a terminal) starts the whole again.
      onLost: (error) => {
        log.error(`${error.message}; exiting`);
        process.exit(1);
      },
    });
    if (database.embedded)
      log.log(`Embedded PostgreSQL running (data in ${config.database.embedded.dataDir})`);
    config = await withKeptDevelopmentSecret(config, source, database, log);
    app = await createApp(config, database.url, { logger, extraModules: options.extraModules });
    await app.listen({ host: config.http.host, port: config.http.port });
  } catch (error) {
    // A migration that fails on existing rows quotes them in PostgreSQL's message.
    const { message, stack } = describeError(error);
    log.error(`Start-up failed: ${message}`, stack);
    await app?.close().catch(() => undefined);
    await database?.stop().catch(() => undefined);
    process.exit(1);
  }
  const { bound, local } = listeningUrls(app.getHttpServer().address());
  const readyMs = Math.round(performance.now() - started);
  log.log(
    bound === local
      ? `Ledgerline listening on ${bound} (ready in ${readyMs} ms)`
      : `Ledgerline listening on ${bound}, every interface; from this machine ${local} (ready in ${readyMs} ms)`,
  );
  log.log(`API docs: ${local}/${DOCS_PATH} (OpenAPI document: ${local}/${DOCS_PATH}-json)`);
  installShutdown(app, database, config, log);
}

/**
 * A development server without JWT_SECRETS signs with a secret kept with its data, so a restart
 * leaves tokens valid; tests keep a fresh random one per process, production requires its own.
 */
async function withKeptDevelopmentSecret(
  config: AppConfig,
  source: NodeJS.ProcessEnv,
  database: DatabaseServer,
  log: Logger,
): Promise<AppConfig> {
  if (config.env !== 'development' || config.auth.jwtSecretsSource !== 'generated') return config;
  const file = join(database.stateDir, DEVELOPMENT_SECRET_FILE);
  const secret = await keepDevelopmentSecret(file);
  log.log(`Signing tokens with the development secret kept in ${file} (set JWT_SECRETS to choose)`);
  return AppConfig.fromEnvironment(source, { generatedSecret: () => secret });
}

function installShutdown(
  app: NestFastifyApplication,
  database: DatabaseServer,
  config: AppConfig,
  log: Logger,
): void {
  let shuttingDown = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (shuttingDown) {
      log.warn(`${signal} received again: already shutting down`);
      return;
    }
    shuttingDown = true;
    const { readinessDelayMs, timeoutMs } = config.shutdown;
    log.log(
      `${signal} received: readiness 503 for ${readinessDelayMs} ms, then draining requests (at most ${timeoutMs} ms)`,
    );
    // Requests are still served meanwhile, each answered with `Connection: close`
    // (installHandlerTracking): a kept-alive client opens a new connection, which the balancer
    // sends elsewhere once it has noticed, instead of being cut off when the listener closes.
    app.get(ShutdownState).begin();
    await sleep(readinessDelayMs);
    log.log('Readiness delay over: closing the listener');
    const forced = setTimeout(() => {
      log.error('Shutdown timed out; stopping the database and exiting');
      void database.stop().finally(() => process.exit(1));
    }, timeoutMs);
    try {
      // Closes the HTTP server (waiting for in-flight requests), waits for handlers and jobs
      // still running (ShutdownSequence), then closes the metrics
      // listener (MetricsPortListener), the job queue's and TypeORM's pools.
      await app.close();
      await database.stop();
      clearTimeout(forced);
      log.log('Shutdown complete');
      process.exit(0);
    } catch (error) {
      log.error(`Shutdown failed: ${(error as Error).message}`);
      await database.stop().catch(() => undefined);
      process.exit(1);
    }
  };
  // `on`, not `once`: the signal may well come twice (npm forwards the one it gets while a
  // service manager or Ctrl-C signals the whole group; Ctrl-C pressed again). With no listener
  // left, a second one kills the app mid-drain and leaves the embedded PostgreSQL running.
  process.on('SIGTERM', (signal) => void shutdown(signal));
  process.on('SIGINT', (signal) => void shutdown(signal));
}
