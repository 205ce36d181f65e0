import { Transform } from 'class-transformer';
import { IsBoolean } from 'class-validator';
import type { ConfigSection } from 'src/config/config-section';
import { IsRateLimitRule, toBoolean } from 'src/config/env-transforms';
import { parseRateLimitRule, RateLimitRule, RateLimitTier } from 'src/config/rate-limit-rule';

export class RateLimitVariables {
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
}

export interface RateLimitConfig {
  enabled: boolean;
  tiers: Readonly<Record<RateLimitTier, RateLimitRule>>;
}

export const rateLimitSection: ConfigSection<RateLimitVariables, RateLimitConfig> = {
  variables: RateLimitVariables,
  build: (env) => ({
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
  }),
};

/** Only called on values the schema has already validated. */
function rule(value: string): RateLimitRule {
  const parsed = parseRateLimitRule(value);
  if (!parsed) throw new Error(`Unvalidated rate-limit rule: ${value}`);
  return parsed;
}
