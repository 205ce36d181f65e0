import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';
import type { ConfigSection } from 'src/config/config-section';
import { redactUrlPassword, toTrimmedOrUndefined } from 'src/config/env-transforms';

export const MIGRATION_MODES = ['auto', 'manual'] as const;
export type MigrationMode = (typeof MIGRATION_MODES)[number];

export class DatabaseVariables {
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

export const databaseSection: ConfigSection<DatabaseVariables, DatabaseConfig> = {
  variables: DatabaseVariables,
  build: (env) => ({
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
  }),
  redact: (database) => ({
    ...database,
    url: database.url ? redactUrlPassword(database.url) : 'embedded',
  }),
};
