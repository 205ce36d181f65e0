import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
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
} from 'class-validator';

export const NODE_ENVIRONMENTS = ['development', 'test', 'production'] as const;
export type NodeEnvironment = (typeof NODE_ENVIRONMENTS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const METRICS_ACCESS_MODES = ['open', 'token', 'port', 'off'] as const;
export type MetricsAccess = (typeof METRICS_ACCESS_MODES)[number];

export const MIGRATION_MODES = ['auto', 'manual'] as const;
export type MigrationMode = (typeof MIGRATION_MODES)[number];

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

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 10;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  DB_CONNECT_TIMEOUT_MS = 10_000;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  DB_STATEMENT_TIMEOUT_MS = 30_000;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  DB_QUERY_TIMEOUT_MS = 35_000;

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
   * sending new requests first (about 5000 behind Kubernetes; 0 for a plain process).
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  SHUTDOWN_READINESS_DELAY_MS = 0;

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
}
