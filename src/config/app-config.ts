import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import {
  DEFAULT_PRODUCTION_READINESS_DELAY_MS,
  EnvironmentVariables,
  LogLevel,
  MailTransportKind,
  MetricsAccess,
  MigrationMode,
  NodeEnvironment,
} from 'src/config/environment.schema';
import { parseRateLimitRule, RateLimitRule, RateLimitTier } from 'src/config/rate-limit-rule';
import { BEARER_TOKEN_BITS, HS256_KEY_BITS, secretWeakness } from 'src/config/secret-policy';

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
  embedded: { dataDir: string; port: number; restartAttempts: number };
  poolSize: number;
  connectTimeoutMs: number;
  acquireTimeoutMs: number;
  statementTimeoutMs: number;
  queryTimeoutMs: number;
  idleTimeoutMs: number;
  maxConnectionLifetimeSeconds: number;
  keepAliveInitialDelayMs: number;
  connectAttempts: number;
  migrations: MigrationMode;
}

export interface AuthConfig {
  jwtSecrets: readonly string[];
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Window after a rotation in which the spent token replays its successor (0: none). */
  refreshReuseGraceSeconds: number;
  sessionMaxLifetimeSeconds: number;
  argon2: { memoryCost: number; timeCost: number; parallelism: number };
  argon2MaxConcurrency: number;
  lockout: { threshold: number; baseSeconds: number; maxSeconds: number };
  emailVerificationTtlSeconds: number;
  passwordResetTtlSeconds: number;
  publicUrl: string;
  initialAdmin: { email: string; password: string } | undefined;
}

export interface RateLimitConfig {
  enabled: boolean;
  tiers: Readonly<Record<RateLimitTier, RateLimitRule>>;
}

export interface MailConfig {
  /** smtp: sent through `smtpUrl`; outbox: written to `outboxDir` as .eml files. */
  transport: MailTransportKind;
  smtpUrl: string | undefined;
  from: string;
  outboxDir: string;
  timeoutMs: number;
}

export interface JobsConfig {
  /** Run workers and the schedule here; false still allows enqueueing. */
  workers: boolean;
  poolSize: number;
  pollIntervalMs: number;
  schedulerIntervalSeconds: number;
  timezone: string;
}

export interface FxConfig {
  ecbDailyUrl: string;
  ecbHistoryUrl: string;
  fetchTimeoutMs: number;
  maxDownloadBytes: number;
  maxRateAgeDays: number;
}

export interface ImportsConfig {
  /** Largest CSV upload, in bytes. */
  maxBytes: number;
  /** Most data rows in one file. */
  maxRows: number;
}

/** The validated, typed configuration. Built once at boot; injected everywhere else. */
export class AppConfig {
  readonly env!: NodeEnvironment;
  readonly logLevel!: LogLevel;
  readonly gitCommit!: string | undefined;
  readonly http!: HttpConfig;
  readonly database!: DatabaseConfig;
  readonly auth!: AuthConfig;
  readonly metrics!: { access: MetricsAccess; token: string | undefined; port: number };
  readonly rateLimit!: RateLimitConfig;
  /** Set when Redis is used for shared state; otherwise everything stays in process memory. */
  readonly redis!: { url: string | undefined };
  /** `retentionDays` 0 keeps audit events forever. */
  readonly audit!: { retentionDays: number };
  readonly shutdown!: { timeoutMs: number; readinessDelayMs: number };
  readonly demo!: { enabled: boolean; email: string; password: string | undefined };
  readonly mail!: MailConfig;
  readonly jobs!: JobsConfig;
  readonly fx!: FxConfig;
  readonly imports!: ImportsConfig;

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
        embedded: {
          dataDir: env.EMBEDDED_PG_DATA_DIR,
          port: env.EMBEDDED_PG_PORT,
          restartAttempts: env.EMBEDDED_PG_RESTART_ATTEMPTS,
        },
        poolSize: env.DB_POOL_SIZE,
        connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS,
        acquireTimeoutMs: env.DB_ACQUIRE_TIMEOUT_MS,
        statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
        queryTimeoutMs: env.DB_QUERY_TIMEOUT_MS,
        idleTimeoutMs: env.DB_IDLE_TIMEOUT_MS,
        maxConnectionLifetimeSeconds: env.DB_MAX_CONNECTION_LIFETIME_S,
        keepAliveInitialDelayMs: env.DB_KEEPALIVE_INITIAL_DELAY_MS,
        connectAttempts: env.DB_CONNECT_ATTEMPTS,
        migrations: env.MIGRATIONS,
      },
      auth: {
        jwtSecrets,
        issuer: env.JWT_ISSUER,
        audience: env.JWT_AUDIENCE,
        accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_S,
        refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL_S,
        refreshReuseGraceSeconds: env.REFRESH_TOKEN_REUSE_GRACE_S,
        sessionMaxLifetimeSeconds: env.SESSION_MAX_LIFETIME_S,
        argon2: {
          memoryCost: env.ARGON2_MEMORY_KIB,
          timeCost: env.ARGON2_TIME_COST,
          parallelism: env.ARGON2_PARALLELISM,
        },
        argon2MaxConcurrency: env.ARGON2_MAX_CONCURRENCY || Math.max(1, availableParallelism() - 1),
        lockout: {
          threshold: env.LOGIN_LOCKOUT_THRESHOLD,
          baseSeconds: env.LOGIN_LOCKOUT_BASE_S,
          maxSeconds: env.LOGIN_LOCKOUT_MAX_S,
        },
        emailVerificationTtlSeconds: env.EMAIL_VERIFICATION_TTL_S,
        passwordResetTtlSeconds: env.PASSWORD_RESET_TTL_S,
        publicUrl: env.PUBLIC_URL.replace(/\/+$/, ''),
        initialAdmin:
          env.ADMIN_EMAIL && env.ADMIN_PASSWORD
            ? { email: env.ADMIN_EMAIL.toLowerCase(), password: env.ADMIN_PASSWORD }
            : undefined,
      },
      metrics: {
        access: env.METRICS_ACCESS ?? (env.NODE_ENV === 'development' ? 'open' : 'token'),
        token: env.METRICS_TOKEN,
        port: env.METRICS_PORT,
      },
      rateLimit: {
        enabled: env.RATE_LIMIT_ENABLED,
        tiers: {
          public: rule(env.RATE_LIMIT_PUBLIC),
          authenticated: rule(env.RATE_LIMIT_AUTHENTICATED),
          admin: rule(env.RATE_LIMIT_ADMIN),
          search: rule(env.RATE_LIMIT_SEARCH),
          upload: rule(env.RATE_LIMIT_UPLOAD),
          login: rule(env.RATE_LIMIT_LOGIN),
          register: rule(env.RATE_LIMIT_REGISTER),
        },
      },
      redis: { url: env.REDIS_URL },
      audit: { retentionDays: env.AUDIT_RETENTION_DAYS },
      shutdown: {
        timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
        readinessDelayMs:
          env.SHUTDOWN_READINESS_DELAY_MS ??
          (env.NODE_ENV === 'production' ? DEFAULT_PRODUCTION_READINESS_DELAY_MS : 0),
      },
      demo: {
        enabled: env.DEMO_DATA && env.NODE_ENV !== 'production',
        email: env.DEMO_EMAIL.toLowerCase(),
        password: env.DEMO_PASSWORD,
      },
      mail: {
        transport: env.MAIL_TRANSPORT ?? (env.SMTP_URL ? 'smtp' : 'outbox'),
        smtpUrl: env.SMTP_URL,
        from: env.MAIL_FROM,
        outboxDir: env.MAIL_OUTBOX_DIR,
        timeoutMs: env.MAIL_TIMEOUT_MS,
      },
      jobs: {
        workers: env.JOBS_WORKERS,
        poolSize: env.JOBS_POOL_SIZE,
        pollIntervalMs: env.JOBS_POLL_INTERVAL_MS,
        schedulerIntervalSeconds: env.JOBS_SCHEDULER_INTERVAL_S,
        timezone: env.JOBS_TIMEZONE,
      },
      fx: {
        ecbDailyUrl: env.FX_ECB_DAILY_URL,
        ecbHistoryUrl: env.FX_ECB_HISTORY_URL,
        fetchTimeoutMs: env.FX_FETCH_TIMEOUT_MS,
        maxDownloadBytes: env.FX_MAX_DOWNLOAD_BYTES,
        maxRateAgeDays: env.FX_MAX_RATE_AGE_DAYS,
      },
      imports: { maxBytes: env.IMPORT_MAX_BYTES, maxRows: env.IMPORT_MAX_ROWS },
    });
  }
}

function parseEnvironment(source: NodeJS.ProcessEnv): EnvironmentVariables {
  const defined = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const env = plainToInstance(EnvironmentVariables, defined, { exposeDefaultValues: true });
  const problems = validateSync(env, { whitelist: false }).flatMap(describeValidationError);
  if (problems.length === 0) problems.push(...mailProblems(env));
  if (problems.length === 0 && env.NODE_ENV === 'production') {
    problems.push(...productionProblems(env));
  }
  if (problems.length === 0) problems.push(...consistencyProblems(env));
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return env;
}

function describeValidationError(error: ValidationError): string[] {
  // Values are not echoed: the variable may hold a secret.
  return Object.values(error.constraints ?? {}).map((message) =>
    message.startsWith(error.property) ? message : `${error.property}: ${message}`,
  );
}

function consistencyProblems(env: EnvironmentVariables): string[] {
  const problems: string[] = [];
  if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD)) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  if (env.SESSION_MAX_LIFETIME_S < env.REFRESH_TOKEN_TTL_S) {
    problems.push('SESSION_MAX_LIFETIME_S must not be shorter than REFRESH_TOKEN_TTL_S');
  }
  if (env.LOGIN_LOCKOUT_MAX_S < env.LOGIN_LOCKOUT_BASE_S) {
    problems.push('LOGIN_LOCKOUT_MAX_S must not be shorter than LOGIN_LOCKOUT_BASE_S');
  }
  if (env.METRICS_ACCESS === 'port' && env.METRICS_PORT !== 0 && env.METRICS_PORT === env.PORT) {
    problems.push('METRICS_PORT must differ from PORT when METRICS_ACCESS=port');
  }
  return problems;
}

/** Rules that only production enforces: it must never run on guessable or open settings. */
function productionProblems(env: EnvironmentVariables): string[] {
  const problems: string[] = [];
  if (env.JWT_SECRETS.length === 0) {
    problems.push('JWT_SECRETS is required in production');
  }
  env.JWT_SECRETS.forEach((secret, index) => {
    const weakness = secretWeakness(secret, {
      name: `JWT_SECRETS entry ${index + 1}`,
      minBits: HS256_KEY_BITS,
      purpose: 'an HS256 signing key needs',
    });
    if (weakness) problems.push(weakness);
  });
  if (env.METRICS_TOKEN) {
    const weakness = secretWeakness(env.METRICS_TOKEN, {
      name: 'METRICS_TOKEN',
      minBits: BEARER_TOKEN_BITS,
      purpose: 'a bearer token needs',
    });
    if (weakness) problems.push(weakness);
  }
  if (env.ARGON2_MEMORY_KIB < 19_456 || env.ARGON2_TIME_COST < 2) {
    problems.push(
      "ARGON2_MEMORY_KIB/ARGON2_TIME_COST are below OWASP's minimum (19456 KiB, 2 passes)",
    );
  }
  if (env.CORS_ORIGINS.some((origin) => origin.includes('*'))) {
    problems.push('CORS_ORIGINS must list origins explicitly in production, not a wildcard');
  }
  return problems;
}

function mailProblems(env: EnvironmentVariables): string[] {
  if (env.MAIL_TRANSPORT === 'smtp' && !env.SMTP_URL) {
    return ['MAIL_TRANSPORT=smtp needs SMTP_URL'];
  }
  // Password-reset and verification mail that silently lands on a container's disk is an outage
  // nobody notices; keeping mail local in production has to be asked for.
  if (env.NODE_ENV === 'production' && !env.SMTP_URL && env.MAIL_TRANSPORT !== 'outbox') {
    return [
      'SMTP_URL is required in production (or set MAIL_TRANSPORT=outbox to keep mail in MAIL_OUTBOX_DIR on purpose)',
    ];
  }
  return [];
}

/** Outside production an unset secret gets a random one: tokens then last one process. */
function ephemeralSecrets(env: EnvironmentVariables): string[] {
  return env.NODE_ENV === 'production' ? [] : [randomBytes(48).toString('base64url')];
}

/** Only called on values the schema has already validated. */
function rule(value: string): RateLimitRule {
  const parsed = parseRateLimitRule(value);
  if (!parsed) throw new Error(`Unvalidated rate-limit rule: ${value}`);
  return parsed;
}

function parseTrustProxy(value: string): boolean | string[] {
  const normalised = value.trim().toLowerCase();
  if (normalised === 'true') return true;
  if (normalised === 'false' || normalised === '') return false;
  return normalised.split(',').map((address) => address.trim());
}
