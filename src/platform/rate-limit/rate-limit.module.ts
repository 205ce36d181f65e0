import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule, ThrottlerModuleOptions } from '@nestjs/throttler';
import { AppConfig } from 'src/config/app-config';
import { RATE_LIMIT_TIERS } from 'src/config/rate-limit-rule';
import { MetricsRegistry } from 'src/platform/metrics/metrics.registry';
import { RateLimitGuard } from 'src/platform/rate-limit/rate-limit.guard';
import { RateLimitStore } from 'src/platform/rate-limit/rate-limit.store';
import { RedisConnection } from 'src/platform/redis/redis-connection';

/**
 * Rate limiting for every route: the tiers from configuration as the throttler's named
 * throttlers, counters in Redis or memory, and the global guard. Import it after the
 * authentication module (see RateLimitGuard).
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, RedisConnection, MetricsRegistry],
      useFactory: (
        config: AppConfig,
        redis: RedisConnection,
        metrics: MetricsRegistry,
      ): ThrottlerModuleOptions => ({
        throttlers: RATE_LIMIT_TIERS.map((tier) => ({
          name: tier,
          limit: config.rateLimit.tiers[tier].limit,
          ttl: config.rateLimit.tiers[tier].windowMs,
        })),
        storage: new RateLimitStore(redis, metrics),
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule {}
