import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { RedisConnection } from 'src/platform/redis/redis-connection';

/** Well under the kubelet's default 1 s probe timeout. */
export const REDIS_PING_TIMEOUT_MS = 300;

/** A PING to the shared Redis, when one is configured; `timeout` or `unreachable` when down. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly redis: RedisConnection,
    private readonly indicators: HealthIndicatorService,
  ) {}

  get isConfigured(): boolean {
    return this.redis.isConfigured;
  }

  async isHealthy<Key extends string>(key: Key): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.indicators.check(key);
    try {
      return indicator.up({ responseTime: await this.redis.ping(REDIS_PING_TIMEOUT_MS) });
    } catch (error) {
      return indicator.down({
        message: (error as Error).message === 'timeout' ? 'timeout' : 'unreachable',
      });
    }
  }
}
