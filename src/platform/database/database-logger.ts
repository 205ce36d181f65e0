import { Logger as NestLogger } from '@nestjs/common';
import { LogLevel, Logger as TypeOrmLogger } from 'typeorm';
import { describeError } from 'src/platform/logging/safe-error';

/** Long enough to recognise the statement; a bulk insert's full text would drown the line. */
const MAX_STATEMENT_CHARS = 2000;

function statement(query: string): string {
  const flat = query.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_STATEMENT_CHARS ? `${flat.slice(0, MAX_STATEMENT_CHARS)}…` : flat;
}

/**
 * TypeORM's log lines through the app's logger (JSON, request id, redaction) instead of its
 * console loggers, which print a failed statement with all its parameters: password and API
 * key hashes, emails, payees and notes reached stdout that way. A statement is logged, its
 * parameters never (only how many there were), and the driver's message only with its values
 * scrubbed (safe-error.ts). Every query is parameterised, so the statement text holds no values.
 */
export class DatabaseLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('Database');

  /**
   * `enabled` is TypeORM's `logging` option: failed statements are logged whatever it says.
   * `print`, for the TypeORM CLI: schema and migration lines (`migration:show`'s `[X]` list)
   * are the command's output, written as they come instead of as log lines.
   */
  constructor(
    private readonly enabled: readonly LogLevel[],
    private readonly print?: (line: string) => void,
  ) {}

  /** Successful statements are not logged, whatever the level: there are thousands a minute. */
  logQuery(): void {}

  logQueryError(error: string | Error, query: string, parameters?: unknown[] | object): void {
    const { stack, ...safe } = describeError(error);
    this.logger.error(
      {
        message: 'Query failed',
        error: safe,
        query: statement(query),
        parameterCount: parameterCount(parameters),
      },
      stack,
    );
  }

  logQuerySlow(time: number, query: string, parameters?: unknown[] | object): void {
    this.logger.warn({
      message: 'Slow query',
      durationMs: time,
      query: statement(query),
      parameterCount: parameterCount(parameters),
    });
  }

  logSchemaBuild(message: string): void {
    if (this.print) this.print(message);
    else if (this.enabled.includes('schema')) this.logger.debug(message);
  }

  logMigration(message: string): void {
    if (this.print) this.print(message);
    else if (this.enabled.includes('migration')) this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (!this.enabled.includes(level)) return;
    const text = typeof message === 'string' ? message : describeError(message).message;
    if (level === 'warn') this.logger.warn(text);
    else this.logger.log(text);
  }
}

function parameterCount(parameters: unknown[] | object | undefined): number {
  if (!parameters) return 0;
  return Array.isArray(parameters) ? parameters.length : Object.keys(parameters).length;
}
