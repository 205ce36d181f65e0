import { CustomDecorator, SetMetadata } from '@nestjs/common';
import { RATE_LIMIT_TIERS, RateLimitTier } from 'src/config/rate-limit-rule';

export type { RateLimitTier } from 'src/config/rate-limit-rule';

/** Route or controller metadata: a tier, or `false` for a route that is never limited. */
export const RATE_LIMIT_TIER = 'ledgerline:rate-limit-tier';

/**
 * Counts the route (or every route of the controller) against `tier` instead of the caller's
 * default tier. A method's decorator overrides its controller's.
 */
export function RateLimit(tier: RateLimitTier): CustomDecorator<string> {
  // Caught when the module loads, so a misspelt tier fails the boot rather than a request.
  if (!(RATE_LIMIT_TIERS as readonly string[]).includes(tier)) {
    throw new Error(`Unknown rate-limit tier "${tier}"`);
  }
  return SetMetadata(RATE_LIMIT_TIER, tier);
}

/** Never limited: probes, metrics and other routes that machines call on a schedule. */
export function SkipRateLimit(): CustomDecorator<string> {
  return SetMetadata(RATE_LIMIT_TIER, false);
}
