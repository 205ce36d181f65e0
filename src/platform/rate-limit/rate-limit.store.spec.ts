import { Logger } from '@nestjs/common';
import { MetricsRegistry } from 'src/platform/metrics/metrics.registry';
import { RateLimitStore } from 'src/platform/rate-limit/rate-limit.store';
import { RedisConnection } from 'src/platform/redis/redis-connection';

/** A stand-in for the connection: its state and the script's answers are set by each test. */
class FakeRedis {
  ready = true;
  answer: () => Promise<[number, number]> = () => Promise.resolve([1, 60_000]);
  readonly keys: string[] = [];
  private readyListener = (): void => undefined;
  private lostListener = (_reason: string): void => undefined;
  readonly client = {
    defineCommand: jest.fn(),
    ledgerlineRateLimitHit: (key: string) => {
      this.keys.push(key);
      return this.answer();
    },
  };

  get isConfigured(): boolean {
    return true;
  }

  get isReady(): boolean {
    return this.ready;
  }

  onReady(listener: () => void): void {
    this.readyListener = listener;
  }

  onLost(listener: (reason: string) => void): void {
    this.lostListener = listener;
  }

  ping(): Promise<number> {
    return Promise.reject(new Error('not used'));
  }

  lose(): void {
    this.ready = false;
    this.lostListener('ECONNRESET');
  }

  reconnect(): void {
    this.ready = true;
    this.readyListener();
  }
}

async function metric(metrics: MetricsRegistry, name: string): Promise<string> {
  const text = await metrics.registry.metrics();
  return text.split('\n').find((line) => line.startsWith(name)) ?? '';
}

describe('RateLimitStore', () => {
  const now = (): number => 5_000_000;
  let metrics: MetricsRegistry;
  let warn: jest.SpyInstance;

  beforeEach(() => {
    metrics = new MetricsRegistry();
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  describe('without Redis', () => {
    const noRedis = { isConfigured: false, isReady: false } as unknown as RedisConnection;

    it('counts synchronously in memory', () => {
      const store = new RateLimitStore(noRedis, metrics, now);
      expect(store.hit('public:ip:a', 60_000)).toEqual({ count: 1, resetAt: 5_060_000 });
      expect(store.hit('public:ip:a', 60_000)).toEqual({ count: 2, resetAt: 5_060_000 });
      expect(store.usingRedis).toBe(false);
      store.onApplicationShutdown();
    });

    it('answers the ThrottlerStorage contract', async () => {
      const store = new RateLimitStore(noRedis, metrics, now);
      await store.increment('k', 30_000, 1, 30_000, 'public');
      expect(await store.increment('k', 30_000, 1, 30_000, 'public')).toEqual({
        totalHits: 2,
        timeToExpire: 30,
        isBlocked: true,
        timeToBlockExpire: 30,
      });
      store.onApplicationShutdown();
    });
  });

  describe('with Redis', () => {
    let redis: FakeRedis;
    let store: RateLimitStore;

    beforeEach(() => {
      redis = new FakeRedis();
      store = new RateLimitStore(redis as unknown as RedisConnection, metrics, now);
    });

    afterEach(() => {
      store.onApplicationShutdown();
    });

    it('counts in Redis under a prefixed key, with the reset time Redis gives', async () => {
      redis.answer = () => Promise.resolve([4, 12_000]);
      expect(await store.hit('search:user:u-1', 60_000)).toEqual({ count: 4, resetAt: 5_012_000 });
      expect(redis.keys).toEqual(['ledgerline:rate-limit:search:user:u-1']);
      expect(store.usingRedis).toBe(true);
    });

    it('falls back to memory once when the connection is lost, and comes back on reconnect', async () => {
      redis.lose();
      expect(store.hit('public:ip:a', 60_000)).toEqual({ count: 1, resetAt: 5_060_000 });
      expect(store.hit('public:ip:a', 60_000)).toEqual({ count: 2, resetAt: 5_060_000 });
      expect(store.usingRedis).toBe(false);
      expect(await metric(metrics, 'redis_fallbacks_total{component="rate_limit"}')).toMatch(/ 1$/);
      expect(await metric(metrics, 'rate_limit_redis_active')).toMatch(/ 0$/);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(redis.keys).toEqual([]);

      redis.reconnect();
      expect(store.usingRedis).toBe(true);
      expect(await metric(metrics, 'rate_limit_redis_active')).toMatch(/ 1$/);
      await store.hit('public:ip:a', 60_000);
      expect(redis.keys).toHaveLength(1);
    });

    it('answers from memory when a Redis command fails or times out', async () => {
      redis.answer = () => Promise.reject(new Error('Command timed out'));
      expect(await store.hit('public:ip:a', 60_000)).toEqual({ count: 1, resetAt: 5_060_000 });
      // Later hits do not wait for Redis at all.
      expect(store.hit('public:ip:a', 60_000)).toEqual({ count: 2, resetAt: 5_060_000 });
      expect(redis.keys).toHaveLength(1);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('Command timed out'));
      expect(await metric(metrics, 'redis_fallbacks_total{component="rate_limit"}')).toMatch(/ 1$/);
    });
  });
});
