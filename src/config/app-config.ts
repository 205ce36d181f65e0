import { randomBytes } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import {
  EnvironmentVariables,
  LogLevel,
  MetricsAccess,
  MigrationMode,
  NodeEnvironment,
} from 'src/config/environment.schema';
import { secretWeakness } from 'src/config/secret-policy';

export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

export interface HttpConfig {
  host: string;
  port: number;
  requestTimeoutMs: number;
  connectionTimeoutMs: number;
  keepAliveTimeoutMs: number;
  headersTimeoutMs: number;
  bodyLimitBytes: number;
  corsOrigins: readonly string[];
  allowedHosts: readonly string[];
  trustProxy: boolean | string[];
}

export interface DatabaseConfig {
  /** Set when an external server is used; otherwise the embedded one is started. */
  url: string | undefined;
  embedded: { dataDir: string; port: number };
  poolSize: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  queryTimeoutMs: number;
  idleTimeoutMs: number;
  maxConnectionLifetimeSeconds: number;
  keepAliveInitialDelayMs: number;
  connectAttempts: number;
  migrations: MigrationMode;
}

/** The validated, typed configuration. Built once at boot; injected everywhere else. */
export class AppConfig {
  readonly env!: NodeEnvironment;
  readonly logLevel!: LogLevel;
  readonly gitCommit!: string | undefined;
  readonly http!: HttpConfig;
  readonly database!: DatabaseConfig;
  readonly auth!: { jwtSecrets: readonly string[] };
  readonly metrics!: { access: MetricsAccess; token: string | undefined; port: number };
  readonly shutdown!: { timeoutMs: number; readinessDelayMs: number };
  readonly demo!: { enabled: boolean; email: string; password: string | undefined };

  get isProduction(): boolean {
    return this.env === 'production';
  }

  static fromEnvironment(source: NodeJS.ProcessEnv = process.env): AppConfig {
    const env = parseEnvironment(source);
    const jwtSecrets = env.JWT_SECRETS.length > 0 ? env.JWT_SECRETS : ephemeralSecrets(env);
    return Object.assign(new AppConfig(), {
      env: env.NODE_ENV,
      logLevel: env.LOG_LEVEL,
      gitCommit: env.GIT_COMMIT,
      http: {
        host: env.HOST,
        port: env.PORT,
        requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
        connectionTimeoutMs: env.HTTP_CONNECTION_TIMEOUT_MS,
        keepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
        headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS,
        bodyLimitBytes: env.HTTP_BODY_LIMIT_BYTES,
        corsOrigins: env.CORS_ORIGINS,
        allowedHosts: env.ALLOWED_HOSTS.map((host) => host.toLowerCase()),
        trustProxy: parseTrustProxy(env.TRUST_PROXY),
      },
      database: {
        url: env.DATABASE_URL,
        embedded: { dataDir: env.EMBEDDED_PG_DATA_DIR, port: env.EMBEDDED_PG_PORT },
        poolSize: env.DB_POOL_SIZE,
        connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS,
        statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
        queryTimeoutMs: env.DB_QUERY_TIMEOUT_MS,
        idleTimeoutMs: env.DB_IDLE_TIMEOUT_MS,
        maxConnectionLifetimeSeconds: env.DB_MAX_CONNECTION_LIFETIME_S,
        keepAliveInitialDelayMs: env.DB_KEEPALIVE_INITIAL_DELAY_MS,
        connectAttempts: env.DB_CONNECT_ATTEMPTS,
        migrations: env.MIGRATIONS,
      },
      auth: { jwtSecrets },
      metrics: {
        access: env.METRICS_ACCESS ?? (env.NODE_ENV === 'development' ? 'open' : 'token'),
        token: env.METRICS_TOKEN,
        port: env.METRICS_PORT,
      },
      shutdown: {
        timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
        readinessDelayMs: env.SHUTDOWN_READINESS_DELAY_MS,
      },
      demo: {
        enabled: env.DEMO_DATA && env.NODE_ENV !== 'production',
        email: env.DEMO_EMAIL.toLowerCase(),
        password: env.DEMO_PASSWORD,
      },
    });
  }
}

function parseEnvironment(source: NodeJS.ProcessEnv): EnvironmentVariables {
  const defined = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const env = plainToInstance(EnvironmentVariables, defined, { exposeDefaultValues: true });
  const problems = validateSync(env, { whitelist: false }).flatMap(describeValidationError);
  if (problems.length === 0) problems.push(...crossFieldProblems(env));
  if (problems.length === 0 && env.NODE_ENV === 'production') {
    problems.push(...productionProblems(env));
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return env;
}

function describeValidationError(error: ValidationError): string[] {
  // Values are not echoed: the variable may hold a secret.
  return Object.values(error.constraints ?? {}).map((message) =>
    message.startsWith(error.property) ? message : `${error.property}: ${message}`,
  );
}

function crossFieldProblems(env: EnvironmentVariables): string[] {
  const metricsPortClashes =
    env.METRICS_ACCESS === 'port' && env.METRICS_PORT !== 0 && env.METRICS_PORT === env.PORT;
  return metricsPortClashes ? ['METRICS_PORT must differ from PORT when METRICS_ACCESS=port'] : [];
}

/** Rules that only production enforces: it must never run on guessable or open settings. */
function productionProblems(env: EnvironmentVariables): string[] {
  const problems: string[] = [];
  if (env.JWT_SECRETS.length === 0) {
    problems.push('JWT_SECRETS is required in production');
  }
  env.JWT_SECRETS.forEach((secret, index) => {
    const weakness = secretWeakness(secret);
    if (weakness) problems.push(`JWT_SECRETS entry ${index + 1} ${weakness}`);
  });
  if (env.CORS_ORIGINS.some((origin) => origin.includes('*'))) {
    problems.push('CORS_ORIGINS must list origins explicitly in production, not a wildcard');
  }
  return problems;
}

/** Outside production an unset secret gets a random one: tokens then last one process. */
function ephemeralSecrets(env: EnvironmentVariables): string[] {
  return env.NODE_ENV === 'production' ? [] : [randomBytes(48).toString('base64url')];
}

function parseTrustProxy(value: string): boolean | string[] {
  const normalised = value.trim().toLowerCase();
  if (normalised === 'true') return true;
  if (normalised === 'false' || normalised === '') return false;
  return normalised.split(',').map((address) => address.trim());
}
