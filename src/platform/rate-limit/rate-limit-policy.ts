import { normalizeIp } from '@nestjs/throttler';
import { RateLimitTier } from 'src/config/rate-limit-rule';
import { Principal } from 'src/platform/security/principal';

/** Tiers that guard credentials or sign-ups: whoever the caller says they are, the IP counts. */
const PER_IP_TIERS: ReadonlySet<RateLimitTier> = new Set<RateLimitTier>(['login', 'register']);

/**
 * The tier a request counts against: the route's own, or else the caller's default —
 * anonymous → public, a user or an API key → authenticated, an admin user → admin. An admin's
 * API key stays at authenticated: machine clients get the ordinary allowance.
 */
export function tierFor(
  declared: RateLimitTier | undefined,
  principal: Principal | undefined,
): RateLimitTier {
  if (declared !== undefined) return declared;
  if (principal === undefined) return 'public';
  return principal.kind === 'user' && principal.role === 'admin' ? 'admin' : 'authenticated';
}

/**
 * The counter a request increments: one per tier and caller. An API key counts apart from the
 * user who made it, so a busy script does not lock its owner out; anonymous callers and the
 * per-IP tiers count by client address (`request.ip`, which honours TRUST_PROXY; IPv6 by /64,
 * since one client commonly holds a whole subnet).
 */
export function counterKey(
  tier: RateLimitTier,
  principal: Principal | undefined,
  ip: string,
): string {
  if (principal === undefined || PER_IP_TIERS.has(tier)) return `${tier}:ip:${normalizeIp(ip)}`;
  if (principal.kind === 'apiKey' && principal.apiKeyId !== undefined) {
    return `${tier}:key:${principal.apiKeyId}`;
  }
  return `${tier}:user:${principal.userId}`;
}
