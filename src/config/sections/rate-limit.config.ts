import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import type { ConfigSection } from 'src/config/config-section';
import { IsRateLimitRule, toBoolean, toTrimmedOrUndefined } from 'src/config/env-transforms';
import type { NodeEnvironment } from 'src/config/sections/runtime.config';
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

  /**
   * Counted per client IP, whoever the caller claims to be; shared by login, token, email
   * verification and password reset. Unset: DEVELOPMENT_AUTH_TIERS in development, else strict.
   */
  @Transform(toTrimmedOrUndefined)
  @IsOptional()
  @IsRateLimitRule()
  RATE_LIMIT_LOGIN?: string;

  /** Counted per client IP. Unset: as RATE_LIMIT_LOGIN. */
  @Transform(toTrimmedOrUndefined)
  @IsOptional()
  @IsRateLimitRule()
  RATE_LIMIT_REGISTER?: string;
}

/**
 * The identity tiers against password guessing and account farming: strict in production (and
 * in tests, which check the limiter as deployed). A first hour in Swagger plus curl on one's own
 * machine logs in, refreshes and resets more than 5 times in 15 minutes from one address.
 */
export const STRICT_AUTH_TIERS = { login: '5/15m', register: '3/1h' } as const;
export const DEVELOPMENT_AUTH_TIERS = { login: '100/15m', register: '30/1h' } as const;

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
      login: rule(env.RATE_LIMIT_LOGIN ?? authTiers(env.NODE_ENV).login),
      register: rule(env.RATE_LIMIT_REGISTER ?? authTiers(env.NODE_ENV).register),
    },
  }),
};

function authTiers(nodeEnv: NodeEnvironment): { login: string; register: string } {
  return nodeEnv === 'development' ? DEVELOPMENT_AUTH_TIERS : STRICT_AUTH_TIERS;
}

/** Only called on values the schema has already validated. */
function rule(value: string): RateLimitRule {
  const parsed = parseRateLimitRule(value);
  if (!parsed) throw new Error(`Unvalidated rate-limit rule: ${value}`);
  return parsed;
}
