import { CanActivate, ExecutionContext, Injectable, Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerModuleOptions,
} from '@nestjs/throttler';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Counter } from 'prom-client';
import { AppConfig } from 'src/config/app-config';
import { describeRateLimitRule, RATE_LIMIT_TIERS, RateLimitTier } from 'src/config/rate-limit-rule';
import { AppException } from 'src/platform/errors/app.exception';
import { MetricsRegistry } from 'src/platform/metrics/metrics.registry';
import { WindowCount } from 'src/platform/rate-limit/memory-window-counter';
import { RATE_LIMIT_TIER } from 'src/platform/rate-limit/rate-limit.decorator';
import { counterKey, tierFor } from 'src/platform/rate-limit/rate-limit-policy';
import { RateLimitStore } from 'src/platform/rate-limit/rate-limit.store';

interface TierLimit {
  limit: number;
  windowMs: number;
  /** Precomputed per tier: the header value and the 429 detail never change. */
  limitHeader: string;
  description: string;
  rejections: Counter.Internal;
}

interface RouteTier {
  controller: Type;
  tier: RateLimitTier | false | undefined;
}

/**
 * Counts each request against exactly one tier — the route's (`@RateLimit`) or the caller's
 * default — tracked by API key, user or client IP, and answers 429 problem+json past the limit.
 * RateLimit-Limit / -Remaining / -Reset go on every limited response, Retry-After on a 429.
 *
 * The tiers are the throttler's named throttlers, but not its guard: ThrottlerGuard applies
 * every named throttler to every route, with reflector lookups and awaits for each, on every
 * request. Here the route's tier is looked up once per handler, and with counters in memory
 * the whole check is synchronous.
 *
 * It must run after authentication, which sets `request.principal`. Global guards run in the
 * order Nest discovers their modules (AppModule's imports, depth first), so RateLimitModule is
 * imported after the module that registers the authentication guard.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly enabled: boolean;
  private readonly tiers: Record<RateLimitTier, TierLimit>;
  private readonly routes = new Map<ReturnType<ExecutionContext['getHandler']>, RouteTier>();

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() private readonly store: RateLimitStore,
    private readonly reflector: Reflector,
    config: AppConfig,
    metrics: MetricsRegistry,
  ) {
    this.enabled = config.rateLimit.enabled;
    this.tiers = tierLimits(options, metrics);
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (!this.enabled || context.getType() !== 'http') return true;
    const declared = this.routeTier(context);
    if (declared === false) return true;
    // The handler's own arguments: switchToHttp() would build an object on every request.
    const request = context.getArgByIndex<FastifyRequest>(0);
    const tierName = tierFor(declared, request.principal);
    const tier = this.tiers[tierName];
    const counted = this.store.hit(
      counterKey(tierName, request.principal, request.ip),
      tier.windowMs,
    );
    const reply = context.getArgByIndex<FastifyReply>(1);
    if (counted instanceof Promise) return counted.then((window) => admit(tier, window, reply));
    return admit(tier, counted, reply);
  }

  /** The route's declared tier, read through the reflector once per handler. */
  private routeTier(context: ExecutionContext): RateLimitTier | false | undefined {
    const handler = context.getHandler();
    const controller = context.getClass();
    const known = this.routes.get(handler);
    // The same method can be inherited by two controllers with different class-level tiers.
    if (known !== undefined && known.controller === controller) return known.tier;
    const tier = this.reflector.getAllAndOverride<RateLimitTier | false | undefined>(
      RATE_LIMIT_TIER,
      [handler, controller],
    );
    this.routes.set(handler, { controller, tier });
    return tier;
  }
}

function admit(tier: TierLimit, window: WindowCount, reply: FastifyReply): true {
  const resetSeconds = Math.max(1, Math.ceil((window.resetAt - Date.now()) / 1000));
  void reply
    .header('ratelimit-limit', tier.limitHeader)
    .header('ratelimit-remaining', String(Math.max(0, tier.limit - window.count)))
    .header('ratelimit-reset', String(resetSeconds));
  if (window.count <= tier.limit) return true;
  tier.rejections.inc();
  throw new AppException(
    'RATE_LIMITED',
    `Rate limit of ${tier.description} exceeded; retry in ${resetSeconds} s`,
    { retryAfterSeconds: resetSeconds },
  );
}

/** Every tier from the throttler's named throttlers; a missing one is a wiring error. */
function tierLimits(
  options: ThrottlerModuleOptions,
  metrics: MetricsRegistry,
): Record<RateLimitTier, TierLimit> {
  const throttlers = Array.isArray(options) ? options : options.throttlers;
  const entries = RATE_LIMIT_TIERS.map((name) => {
    const throttler = throttlers.find((candidate) => candidate.name === name);
    if (typeof throttler?.limit !== 'number' || typeof throttler.ttl !== 'number') {
      throw new Error(`Rate-limit tier "${name}" needs a numeric limit and ttl`);
    }
    const rule = { limit: throttler.limit, windowMs: throttler.ttl };
    const rejections = metrics.rateLimitRejections.labels({ tier: name });
    // Present from the start, so alerts on rate() see a zero rather than no series.
    rejections.inc(0);
    const tier: TierLimit = {
      ...rule,
      limitHeader: String(rule.limit),
      description: describeRateLimitRule(rule),
      rejections,
    };
    return [name, tier] as const;
  });
  return Object.fromEntries(entries) as Record<RateLimitTier, TierLimit>;
}
