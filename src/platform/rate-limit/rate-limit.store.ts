import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { MetricsRegistry } from 'src/platform/metrics/metrics.registry';
import { MemoryWindowCounter, WindowCount } from 'src/platform/rate-limit/memory-window-counter';
import { RedisConnection } from 'src/platform/redis/redis-connection';

const REDIS_KEY_PREFIX = 'ledgerline:rate-limit:';
const FALLBACK_COMPONENT = 'rate_limit';
/** How often a limiter that fell back while Redis stayed connected (slow Redis) tries it again. */
const PROBE_INTERVAL_MS = 5000;
const PROBE_TIMEOUT_MS = 500;

/**
 * One fixed-window hit, atomically: the first hit of a window sets its expiry, so every
 * instance sees the same count and the same reset time. A key left without expiry (it cannot
 * happen inside one script, but costs nothing to mend) gets one too.
 */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;
const HIT_COMMAND = 'ledgerlineRateLimitHit';
type HitCommand = (key: string, windowMs: number) => Promise<[number, number]>;
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Rate-limit counters, in Redis when it is configured and answering, otherwise in process
 * memory. Losing Redis — connection gone, or a command failing or timing out — switches to
 * memory at once (counted in `redis_fallbacks_total`, one warning per outage), so a request
 * never fails because of it; reconnecting, or a successful probe, switches back. Counts do not
 * carry over between the two: during an outage each instance limits on its own.
 */
export class RateLimitStore implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly memory: MemoryWindowCounter;
  private readonly hitInRedis: HitCommand | undefined;
  private onRedis: boolean;
  private probe: NodeJS.Timeout | undefined;
  private probing = false;
  private closed = false;

  constructor(
    private readonly redis: RedisConnection,
    private readonly metrics: MetricsRegistry,
    private readonly now: () => number = Date.now,
  ) {
    this.memory = new MemoryWindowCounter(now);
    this.onRedis = redis.isConfigured;
    metrics.rateLimitOnRedis.set(redis.isReady ? 1 : 0);
    const client = redis.client;
    if (client) {
      client.defineCommand(HIT_COMMAND, { numberOfKeys: 1, lua: HIT_SCRIPT });
      this.hitInRedis = (client as unknown as Record<typeof HIT_COMMAND, HitCommand>)[
        HIT_COMMAND
      ].bind(client);
      metrics.redisFallbacks.inc({ component: FALLBACK_COMPONENT }, 0);
      redis.onReady(() => this.resume());
      redis.onLost((reason) => this.fallBack(reason));
    }
  }

  /** Whether hits are being counted in Redis right now. */
  get usingRedis(): boolean {
    return this.onRedis && this.redis.isReady;
  }

  /**
   * Counts one hit on `key` in a window of `windowMs`. Synchronous in memory, the common case;
   * a promise only when Redis is in use.
   */
  hit(key: string, windowMs: number): WindowCount | Promise<WindowCount> {
    if (this.onRedis) {
      if (this.redis.isReady) return this.hitRedis(key, windowMs);
      this.fallBack('not connected');
    }
    return this.memory.hit(key, windowMs);
  }

  /**
   * The ThrottlerStorage contract, for anything that uses the throttler's storage directly. A
   * fixed window blocks until it ends, so the block duration is the window's remainder.
   */
  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration?: number,
    _throttlerName?: string,
  ): Promise<ThrottlerStorageRecord> {
    const { count, resetAt } = await this.hit(key, ttl);
    const timeToExpire = Math.max(0, Math.ceil((resetAt - this.now()) / 1000));
    const isBlocked = count > limit;
    return {
      totalHits: count,
      timeToExpire,
      isBlocked,
      timeToBlockExpire: isBlocked ? timeToExpire : 0,
    };
  }

  onApplicationShutdown(): void {
    this.closed = true;
    this.stopProbe();
    this.memory.clear();
  }

  private async hitRedis(key: string, windowMs: number): Promise<WindowCount> {
    try {
      const [count, ttl] = await this.hitInRedis!(REDIS_KEY_PREFIX + key, windowMs);
      return { count, resetAt: this.now() + ttl };
    } catch (error) {
      this.fallBack(error instanceof Error ? error.message : String(error));
      const { count, resetAt } = this.memory.hit(key, windowMs);
      return { count, resetAt };
    }
  }

  private fallBack(reason: string): void {
    if (!this.onRedis || this.closed) return;
    this.onRedis = false;
    this.metrics.rateLimitOnRedis.set(0);
    this.metrics.redisFallbacks.inc({ component: FALLBACK_COMPONENT });
    this.logger.warn(
      `Redis unavailable (${reason}): rate limits are counted in this instance's memory until it is back`,
    );
    this.startProbe();
  }

  private resume(): void {
    if (this.closed) return;
    if (!this.onRedis) this.logger.log('Redis is back: rate limits are shared again');
    this.onRedis = true;
    this.metrics.rateLimitOnRedis.set(1);
    this.stopProbe();
  }

  /** Reconnects announce themselves; a Redis that only got slow needs asking. */
  private startProbe(): void {
    if (this.probe) return;
    this.probe = setInterval(() => {
      if (this.probing || !this.redis.isReady) return;
      this.probing = true;
      this.redis
        .ping(PROBE_TIMEOUT_MS)
        .then(
          () => this.resume(),
          () => undefined,
        )
        .finally(() => (this.probing = false));
    }, PROBE_INTERVAL_MS);
    this.probe.unref();
  }

  private stopProbe(): void {
    clearInterval(this.probe);
    this.probe = undefined;
  }
}
