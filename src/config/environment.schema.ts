import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { parseRateLimitRule, RATE_LIMIT_RULE_HINT } from 'src/config/rate-limit-rule';

export const NODE_ENVIRONMENTS = ['development', 'test', 'production'] as const;
export type NodeEnvironment = (typeof NODE_ENVIRONMENTS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const METRICS_ACCESS_MODES = ['open', 'token', 'port', 'off'] as const;
export type MetricsAccess = (typeof METRICS_ACCESS_MODES)[number];

export const MIGRATION_MODES = ['auto', 'manual'] as const;
export type MigrationMode = (typeof MIGRATION_MODES)[number];

/**
 * How long readiness stays 503 in production before the listener closes. A terminating pod
 * keeps receiving requests for a few seconds (the endpoints controller, then kube-proxy on every
 * node and any ingress controller have to catch up); 5 s covers that on a healthy cluster. A
 * balancer that health-checks /health/ready itself needs its interval times its unhealthy
 * threshold instead.
 */
export const DEFAULT_PRODUCTION_READINESS_DELAY_MS = 5000;

export const MAIL_TRANSPORTS = ['smtp', 'outbox'] as const;
export type MailTransportKind = (typeof MAIL_TRANSPORTS)[number];

/** `Name <address>` or a bare address; no line breaks (they would end the header). */
const MAILBOX = /^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
const HTTP_URL = { protocols: ['http', 'https'], require_tld: false, require_protocol: true };

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalised)) return true;
  if (['false', '0', 'no', 'off'].includes(normalised)) return false;
  return value;
};

const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0)
    : value;

const toTrimmedOrUndefined = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};

function IsRateLimitRule(): PropertyDecorator {
  return ValidateBy({
    name: 'isRateLimitRule',
    validator: {
      validate: (value) => typeof value === 'string' && parseRateLimitRule(value) !== undefined,
      defaultMessage: (args) => `${args?.property ?? 'value'} ${RATE_LIMIT_RULE_HINT}`,
    },
  });
}

/**
 * Every environment variable Ledgerline reads, with its default. `.env.example` lists exactly
 * these keys (a unit test keeps the two in step); nothing else in the code reads process.env.
 */
export class EnvironmentVariables {
  @IsIn(NODE_ENVIRONMENTS)
  NODE_ENV: NodeEnvironment = 'development';

  @IsString()
  @MinLength(1)
  HOST = '0.0.0.0';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** Comma-separated origins allowed by CORS; empty means no cross-origin access. */
  @Transform(toList)
  @IsString({ each: true })
  CORS_ORIGINS: string[] = [];

  /** Comma-separated Host names this server answers for; empty accepts any. */
  @Transform(toList)
  @IsString({ each: true })
  ALLOWED_HOSTS: string[] = [];

  /** Trust X-Forwarded-* from a proxy in front: true, false, or a comma-separated list of proxy addresses. */
  @IsString()
  TRUST_PROXY = 'false';

  /**
   * Comma-separated JWT signing secrets, newest first: new tokens are signed with the first,
   * tokens signed with any listed one are accepted (key rotation).
   */
  @Transform(toList)
  @IsString({ each: true })
  JWT_SECRETS: string[] = [];

  /** Issuer and audience of access tokens (checked on every request). */
  @IsString()
  @MinLength(1)
  JWT_ISSUER = 'ledgerline';

  @IsString()
  @MinLength(1)
  JWT_AUDIENCE = 'ledgerline-api';

  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(3600)
  ACCESS_TOKEN_TTL_S = 900;

  /** A refresh token unused for this long expires (each use issues a new one). */
  @Type(() => Number)
  @IsInt()
  @Min(300)
  REFRESH_TOKEN_TTL_S = 1_209_600;

  /**
   * How long a just-rotated refresh token still answers with the pair it was exchanged for
   * (two tabs refreshing at once), instead of counting as reuse and revoking the session.
   * 0 turns the grace off.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60)
  REFRESH_TOKEN_REUSE_GRACE_S = 10;

  /** A session ends this long after login, however often it is refreshed. */
  @Type(() => Number)
  @IsInt()
  @Min(300)
  SESSION_MAX_LIFETIME_S = 2_592_000;

  /** argon2id memory in KiB; production refuses less than OWASP's 19 MiB. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(4_194_304)
  ARGON2_MEMORY_KIB = 19_456;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  ARGON2_TIME_COST = 2;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(16)
  ARGON2_PARALLELISM = 1;

  /** Hashes computed at once; 0: one fewer than the CPU cores (at least one). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(64)
  ARGON2_MAX_CONCURRENCY = 0;

  /** Consecutive failed logins that lock an account for a while. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_LOCKOUT_THRESHOLD = 5;

  /** First lockout length; each further lockout doubles it, up to LOGIN_LOCKOUT_MAX_S. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_LOCKOUT_BASE_S = 60;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_LOCKOUT_MAX_S = 3600;

  @Type(() => Number)
  @IsInt()
  @Min(300)
  EMAIL_VERIFICATION_TTL_S = 86_400;

  @Type(() => Number)
  @IsInt()
  @Min(300)
  @Max(86_400)
  PASSWORD_RESET_TTL_S = 1800;

  /** Where links in mails point (the front end that takes the token). */
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  PUBLIC_URL = 'http://localhost:3000';

  /** The first administrator, created at start-up when no administrator exists. */
  @Transform(toTrimmedOrUndefined)
  @IsOptional()
  @MaxLength(254)
  @Matches(/^[^\s@]+@[^\s@]+$/, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL?: string;

  @Transform(toTrimmedOrUndefined)
  @IsOptional()
  @IsString()
  @MinLength(12)
  @MaxLength(256)
  ADMIN_PASSWORD?: string;

  @Transform(toTrimmedOrUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true })
  DATABASE_URL?: string;

  @IsString()
  @MinLength(1)
  EMBEDDED_PG_DATA_DIR = './.data/postgres';

  /** 0 picks a free loopback port at every start. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  EMBEDDED_PG_PORT = 0;

  /** Restarts of an embedded server that dies under the app before the app exits with 1. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100)
  EMBEDDED_PG_RESTART_ATTEMPTS = 5;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 10;

  /** Opening a connection at start-up, for migrations and for the job queue. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  DB_CONNECT_TIMEOUT_MS = 10_000;

  /**
   * Longest a request waits for a connection (a free one, or a new one opened); past it the
   * request answers 503 instead of queueing behind a stalled database.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  DB_ACQUIRE_TIMEOUT_MS = 2000;

  /** Server-side limit on one statement of a request (migrations have none). */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  DB_STATEMENT_TIMEOUT_MS = 5000;

  /**
   * Client-side limit on one query of a request: the one bound that still holds when the server
   * stops answering altogether. The connection it ran on is closed, never reused.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  DB_QUERY_TIMEOUT_MS = 6000;

  @Type(() => Number)
  @IsInt()
  @Min(1000)
  DB_IDLE_TIMEOUT_MS = 30_000;

  /** Connections older than this are closed and replaced (0 keeps them forever). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  DB_MAX_CONNECTION_LIFETIME_S = 1800;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  DB_KEEPALIVE_INITIAL_DELAY_MS = 10_000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  DB_CONNECT_ATTEMPTS = 6;

  @IsIn(MIGRATION_MODES)
  MIGRATIONS: MigrationMode = 'auto';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /**
   * Time between readiness turning 503 and the server draining, so a load balancer stops
   * sending new requests first. Unset: DEFAULT_PRODUCTION_READINESS_DELAY_MS in production
   * (a rollout there is behind a balancer), 0 elsewhere (Ctrl-C stops at once).
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  SHUTDOWN_READINESS_DELAY_MS?: number;

  @Type(() => Number)
  @IsInt()
  @Min(1000)
  HTTP_REQUEST_TIMEOUT_MS = 30_000;

  @Type(() => Number)
  @IsInt()
  @Min(1000)
  HTTP_CONNECTION_TIMEOUT_MS = 60_000;

  /** Longer than a load balancer's idle timeout (60 s on most) so it closes first. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 72_000;

  @Type(() => Number)
  @IsInt()
  @Min(1000)
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  HTTP_BODY_LIMIT_BYTES = 1_048_576;

  /** open | token | port | off. Unset: open in development, token elsewhere. */
  @Transform(toTrimmedOrUndefined)
  @IsOptional()
  @IsIn(METRICS_ACCESS_MODES)
  METRICS_ACCESS?: MetricsAccess;

  /** Bearer token that /metrics requires in token mode (at least 32 bytes). */
  @Transform(toTrimmedOrUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32)
  METRICS_TOKEN?: string;

  /** Off only for benchmarks and trusted networks: every route is then unlimited. */
  @Transform(toBoolean)
  @IsBoolean()
  RATE_LIMIT_ENABLED = true;

  /** Tier of anonymous callers on routes that name no tier. */
  @IsRateLimitRule()
  RATE_LIMIT_PUBLIC = '10/1m';

  /** Tier of users and API keys on routes that name no tier. */
  @IsRateLimitRule()
  RATE_LIMIT_AUTHENTICATED = '60/1m';

  /** Tier of admins on routes that name no tier. */
  @IsRateLimitRule()
  RATE_LIMIT_ADMIN = '1000/1m';

  @IsRateLimitRule()
  RATE_LIMIT_SEARCH = '20/1m';

  @IsRateLimitRule()
  RATE_LIMIT_UPLOAD = '5/1m';

  /** Counted per client IP, whoever the caller claims to be. */
  @IsRateLimitRule()
  RATE_LIMIT_LOGIN = '5/15m';

  /** Counted per client IP. */
  @IsRateLimitRule()
  RATE_LIMIT_REGISTER = '3/1h';

  /**
   * Shared rate-limit counters (and later caches) for all instances. Empty: kept in process
   * memory, right for one instance.
   */
  @Transform(toTrimmedOrUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false, require_protocol: true })
  REDIS_URL?: string;
  /** The port of the metrics-only listener in `port` mode (0 picks a free one). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT = 9464;

  /** The commit this build came from, shown by GET /health (set by the build or deployment). */
  @Transform(toTrimmedOrUndefined)
  @IsOptional()
  @Matches(/^[0-9a-f]{7,40}$/, { message: 'GIT_COMMIT must be a hexadecimal commit id' })
  GIT_COMMIT?: string;

  /** Audit events older than this many days are pruned; 0 keeps them forever. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(36_500)
  AUDIT_RETENTION_DAYS = 400;

  /** Seed a demo account on an empty database (never in production). */
  @Transform(toBoolean)
  @IsBoolean()
  DEMO_DATA = true;

  @IsString()
  @MaxLength(254)
  @Matches(/^[^\s@]+@[^\s@]+$/, { message: 'DEMO_EMAIL must be an email address' })
  DEMO_EMAIL = 'demo@ledgerline.local';

  /** Empty: a random password is generated and printed once. */
  @Transform(toTrimmedOrUndefined)
  @IsOptional()
  @IsString()
  @MinLength(12)
  @MaxLength(128)
  DEMO_PASSWORD?: string;

  /**
   * Outgoing mail server: `smtp://user:pass@host:587` (STARTTLS when the server offers it) or
   * `smtps://user:pass@host:465` (TLS from the first byte). Query parameters are passed to
   * nodemailer, e.g. `?requireTLS=true`. Empty: mail goes to MAIL_OUTBOX_DIR.
   */
  @Transform(toTrimmedOrUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['smtp', 'smtps'], require_tld: false, require_protocol: true })
  SMTP_URL?: string;

  /** smtp | outbox. Unset: smtp when SMTP_URL is set, else outbox (production requires a choice). */
  @Transform(toTrimmedOrUndefined)
  @IsOptional()
  @IsIn(MAIL_TRANSPORTS)
  MAIL_TRANSPORT?: MailTransportKind;

  @IsString()
  @MaxLength(320)
  @Matches(MAILBOX, { message: 'MAIL_FROM must be an address or "Name <address>"' })
  MAIL_FROM = 'Ledgerline <no-reply@ledgerline.local>';

  /** Folder that receives each message as an .eml file when mail is not sent over SMTP. */
  @IsString()
  @MinLength(1)
  MAIL_OUTBOX_DIR = './.data/outbox';

  /** Limit on connecting, on the server's greeting and on socket inactivity, each. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  MAIL_TIMEOUT_MS = 10_000;

  /**
   * Run job workers and the schedule in this instance. false: an API-only replica that still
   * enqueues jobs for the others to run.
   */
  @Transform(toBoolean)
  @IsBoolean()
  JOBS_WORKERS = true;

  /** Connections of the job queue's own pool, in addition to DB_POOL_SIZE. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  JOBS_POOL_SIZE = 4;

  /** How often an idle worker looks for new jobs. */
  @Type(() => Number)
  @IsInt()
  @Min(500)
  @Max(60_000)
  JOBS_POLL_INTERVAL_MS = 2000;

  /** How often the cluster evaluates cron schedules (one instance does it per interval). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(45)
  JOBS_SCHEDULER_INTERVAL_S = 30;

  /** IANA time zone cron schedules are read in, unless a schedule names its own. */
  @IsDefined()
  @IsString()
  @ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isTimeZone(value),
      defaultMessage: () => 'JOBS_TIMEZONE must be an IANA time zone such as UTC or Europe/Paris',
    },
  })
  JOBS_TIMEZONE = 'UTC';
  /** The ECB's daily euro reference rates (gesmes XML). */
  @IsUrl(HTTP_URL)
  FX_ECB_DAILY_URL = 'https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml';

  /** The ECB's full history since 1999 (a zip holding eurofxref-hist.csv). */
  @IsUrl(HTTP_URL)
  FX_ECB_HISTORY_URL = 'https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip';

  /** Longest wait for one rate download, body included. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(600_000)
  FX_FETCH_TIMEOUT_MS = 30_000;

  /** Largest rate download, and largest file inside the history zip. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  FX_MAX_DOWNLOAD_BYTES = 32 * 1024 * 1024;

  /**
   * How old the latest rate on or before a date may be before that date has "no rate". The ECB
   * publishes on TARGET business days; its longest pause (Christmas to the new year) is 5 days.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(366)
  FX_MAX_RATE_AGE_DAYS = 7;

  /**
   * Largest CSV file an expense import accepts, in bytes. Separate from HTTP_BODY_LIMIT_BYTES:
   * the file is streamed, never held whole as a request body.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  IMPORT_MAX_BYTES = 20 * 1024 * 1024;

  /** Most data rows one expense import may have. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  IMPORT_MAX_ROWS = 100_000;
}
