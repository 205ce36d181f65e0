import { DynamicModule, INestApplicationContext, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import { AppConfig, ConfigValidationError } from 'src/config/app-config';
import { ConfigModule } from 'src/config/config.module';
import { CLI_COMMANDS } from 'src/cli/cli-commands';
import { CliCommandDefinition, CliOutput } from 'src/platform/cli/cli-command';
import { ClockModule } from 'src/platform/clock/clock.module';
import { DatabaseServer, startDatabaseServer } from 'src/platform/database/database-server';
import { DatabaseModule } from 'src/platform/database/database.module';
import { AppLogger } from 'src/platform/logging/app-logger';
import { LoggingModule } from 'src/platform/logging/logging.module';
import { MetricsPlatformModule } from 'src/platform/metrics/metrics.module';

/** Exit code for invalid configuration, as the server uses (EX_CONFIG). */
const EXIT_CONFIG = 78;

const processOutput: CliOutput = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

@Module({})
class CliModule {
  /** The platform a command needs, its module, and the command itself; no HTTP, no jobs. */
  static forCommand(
    definition: CliCommandDefinition,
    config: AppConfig,
    databaseUrl: string,
    logger: AppLogger,
  ): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        MetricsPlatformModule,
        ClockModule,
        DatabaseModule.forRoot(config, databaseUrl),
        ...definition.imports,
      ],
      providers: [definition.command],
    };
  }
}

/**
 * Runs one command: configuration as the server reads it, PostgreSQL found (the embedded
 * server of a running app, or else one started for the command), an application context with the command's module,
 * the command, then everything closed. Resolves with the exit code. Logs go to stderr and
 * default to warnings, so stdout carries only the command's output.
 */
export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  output: CliOutput = processOutput,
  commands: readonly CliCommandDefinition[] = CLI_COMMANDS,
): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    output.err(usage(commands));
    return 1;
  }
  if (name === 'help' || name === '--help') {
    output.out(usage(commands));
    return 0;
  }
  const definition = commands.find((command) => command.name === name);
  if (!definition) {
    output.err(`Unknown command "${name}".\n\n${usage(commands)}`);
    return 1;
  }

  let config: AppConfig;
  try {
    config = AppConfig.fromEnvironment({ ...env, LOG_LEVEL: env.LOG_LEVEL || 'warn' });
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      output.err(error.message);
      return EXIT_CONFIG;
    }
    throw error;
  }
  const logger = new AppLogger(config, pino.destination({ fd: 2, sync: true }));
  Logger.overrideLogger(logger);

  let database: DatabaseServer | undefined;
  let context: INestApplicationContext | undefined;
  try {
    const postgresLog = new Logger('EmbeddedPostgres');
    // Beside a running app, its server is used as it is and left running.
    database = await startDatabaseServer(config.database, {
      log: (line) => postgresLog.debug(line),
      whenInUse: 'attach',
    });
    context = await NestFactory.createApplicationContext(
      CliModule.forCommand(definition, config, database.url, logger),
      { logger, abortOnError: false },
    );
    return await context.get(definition.command).run(args, output);
  } catch (error) {
    output.err(`${name} failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await context?.close().catch(() => undefined);
    await database?.stop().catch(() => undefined);
  }
}

function usage(commands: readonly CliCommandDefinition[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map(
    (command) =>
      `  ${command.name.padEnd(width)}  ${command.description}` +
      (command.usage ? `\n  ${' '.repeat(width)}  usage: ${command.name} ${command.usage}` : ''),
  );
  return `Usage: npm run cli -- <command> [arguments]\n\nCommands:\n${lines.join('\n')}`;
}
