import { Transform } from 'class-transformer';
import { IsOptional, IsUrl } from 'class-validator';
import type { ConfigSection } from 'src/config/config-section';
import { redactUrlPassword, toTrimmedOrUndefined } from 'src/config/env-transforms';

export class RedisVariables {
  /**
   * Shared rate-limit counters (and later caches) for all instances. Empty: kept in process
   * memory, right for one instance.
   */
  @Transform(toTrimmedOrUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false, require_protocol: true })
  REDIS_URL?: string;
}

/** Set when Redis is used for shared state; otherwise everything stays in process memory. */
export interface RedisConfig {
  url: string | undefined;
}

export const redisSection: ConfigSection<RedisVariables, RedisConfig> = {
  variables: RedisVariables,
  build: (env) => ({ url: env.REDIS_URL }),
  redact: (redis) => ({ url: redis.url ? redactUrlPassword(redis.url) : 'none' }),
};
