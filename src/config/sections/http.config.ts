import { Transform, Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import type { ConfigSection } from 'src/config/config-section';
import { toList } from 'src/config/env-transforms';

export class HttpVariables {
  @IsString()
  @MinLength(1)
  HOST = '0.0.0.0';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

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

export const httpSection: ConfigSection<HttpVariables, HttpConfig> = {
  variables: HttpVariables,
  build: (env) => ({
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
  }),
  problems: (env) =>
    env.NODE_ENV === 'production' && env.CORS_ORIGINS.some((origin) => origin.includes('*'))
      ? ['CORS_ORIGINS must list origins explicitly in production, not a wildcard']
      : [],
};

function parseTrustProxy(value: string): boolean | string[] {
  const normalised = value.trim().toLowerCase();
  if (normalised === 'true') return true;
  if (normalised === 'false' || normalised === '') return false;
  return normalised.split(',').map((address) => address.trim());
}
