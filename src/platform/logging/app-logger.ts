import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger } from 'pino';
import { AppConfig } from 'src/config/app-config';
import { redactDeep } from 'src/platform/logging/redact';
import { requestContext } from 'src/platform/logging/request-context';

/**
 * Nest's own start-up narration: a line per module and per route (about a hundred, with the
 * paths before prefix and versioning), and "Nest application successfully started". Debug:
 * at info the start-up says one accurate line per concern instead (see bootstrap.ts).
 */
const FRAMEWORK_CHATTER: ReadonlySet<string> = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);

/**
 * Structured JSON logs (pino): every line carries the request id of the request being served,
 * and fields named like secrets are redacted wherever they appear. Development gets readable
 * output through pino-pretty when it is installed.
 */
export class AppLogger implements LoggerService {
  readonly pino: Logger;

  constructor(config: Pick<AppConfig, 'env' | 'logLevel'>, destination?: DestinationStream) {
    this.pino = pino(
      {
        level: config.logLevel,
        base: { service: 'ledgerline' },
        timestamp: pino.stdTimeFunctions.isoTime,
        messageKey: 'message',
        formatters: {
          level: (label) => ({ level: label }),
          log: (fields) => redactDeep(fields, 0, true) as Record<string, unknown>,
        },
        mixin: () => {
          const context = requestContext.getStore();
          return context ? { requestId: context.id, userId: context.principal?.userId } : {};
        },
      },
      destination ?? prettyInDevelopment(config.env),
    );
  }

  log(message: unknown, context?: string): void {
    this.write(context && FRAMEWORK_CHATTER.has(context) ? 'debug' : 'info', message, context);
  }

  error(message: unknown, stackOrContext?: string, context?: string): void {
    const stack = context ? stackOrContext : undefined;
    this.write('error', message, context ?? stackOrContext, stack);
  }

  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }

  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }

  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }

  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }

  private write(
    level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace',
    message: unknown,
    context?: string,
    stack?: string,
  ): void {
    if (typeof message === 'object' && message !== null && !(message instanceof Error)) {
      this.pino[level]({ context, stack, ...message });
    } else {
      this.pino[level]({ context, stack }, String(message));
    }
  }
}

function prettyInDevelopment(env: AppConfig['env']): DestinationStream | undefined {
  if (env !== 'development') return undefined;
  try {
    require.resolve('pino-pretty');
  } catch {
    return undefined;
  }
  return pino.transport({
    target: 'pino-pretty',
    options: { messageKey: 'message', singleLine: true },
  });
}
