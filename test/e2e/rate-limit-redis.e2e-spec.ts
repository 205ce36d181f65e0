import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';
import { Response as InjectResponse } from 'light-my-request';
import { RateLimitProbeModule } from 'test/support/rate-limit-probe.module';
import { REDIS_SERVER_BINARY, RedisServer, startRedisServer } from 'test/support/redis-server';
import { startTestApp, TestApp } from 'test/support/test-app';

// These tests need Debian's redis-server, which .ci/run installs. On a developer's machine
// without it they are skipped; in CI a missing binary fails them instead of hiding them.
const describeWithRedis = REDIS_SERVER_BINARY || process.env.CI ? describe : describe.skip;

const PROBE = '/api/v1/rate-limit-probe';
const KEY_PREFIX = 'ledgerline:rate-limit:';

function appEnv(redis: RedisServer): NodeJS.ProcessEnv {
  return {
    RATE_LIMIT_ENABLED: 'true',
    RATE_LIMIT_PUBLIC: '4/1m',
    METRICS_ACCESS: 'open',
    REDIS_URL: redis.url,
  };
}

function hit(ctx: TestApp, ip: string): Promise<InjectResponse> {
  return ctx.inject({ method: 'GET', url: `${PROBE}/default`, remoteAddress: ip });
}

/** The value of one series in /metrics, or undefined when it is absent. */
async function metricValue(ctx: TestApp, series: string): Promise<number | undefined> {
  const text = (await ctx.inject({ method: 'GET', url: '/metrics' })).body;
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const REDIS_UP = 'ledgerline_dependency_up{dependency="redis"}';

/** Redis is down: readiness is 200 all the same, /health and the gauge say degraded. */
async function expectDegradedButReady(ctx: TestApp, detail: string): Promise<void> {
  const ready = await ctx.inject({ method: 'GET', url: '/health/ready' });
  expect(ready.statusCode).toBe(200);
  expect(ready.json()).toMatchObject({ status: 'ok', checks: { database: { status: 'up' } } });
  const health = await ctx.inject({ method: 'GET', url: '/health' });
  expect(health.statusCode).toBe(200);
  expect(health.json()).toMatchObject({
    status: 'degraded',
    checks: { database: { status: 'up' }, redis: { status: 'degraded', detail } },
  });
  expect(await metricValue(ctx, REDIS_UP)).toBe(0);
}

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  for (let waited = 0; waited < timeoutMs; waited += 100) {
    if (await check()) return true;
    await sleep(100);
  }
  return check();
}

describeWithRedis('rate limiting with counters in Redis', () => {
  describe('two instances on one Redis', () => {
    let redis: RedisServer;
    let first: TestApp;
    let second: TestApp;
    let inspector: Redis;

    beforeAll(async () => {
      redis = await startRedisServer();
      first = await startTestApp(appEnv(redis), [RateLimitProbeModule]);
      second = await startTestApp(appEnv(redis), [RateLimitProbeModule]);
      inspector = new Redis(redis.url);
    });

    afterAll(async () => {
      await first?.close();
      await second?.close();
      inspector?.disconnect();
      await redis?.stop();
    });

    it('share one counter: requests split between them hit the limit at the combined count', async () => {
      const ip = '203.0.113.70';
      const responses = [
        await hit(first, ip),
        await hit(second, ip),
        await hit(first, ip),
        await hit(second, ip),
      ];
      expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200, 200]);
      expect(responses.map((response) => response.headers['ratelimit-remaining'])).toEqual([
        '3',
        '2',
        '1',
        '0',
      ]);
      expect((await hit(first, ip)).statusCode).toBe(429);
      expect((await hit(second, ip)).statusCode).toBe(429);

      const key = `${KEY_PREFIX}public:ip:${ip}`;
      expect(await inspector.get(key)).toBe('6');
      const ttl = await inspector.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    });

    it('report Redis on the gauges and in /health, and leave it out of readiness', async () => {
      expect(await metricValue(first, 'rate_limit_redis_active')).toBe(1);
      expect(await metricValue(first, 'redis_fallbacks_total{component="rate_limit"}')).toBe(0);
      expect(await metricValue(first, REDIS_UP)).toBe(1);
      const ready = await first.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      expect(Object.keys(ready.json<{ checks: object }>().checks).sort()).toEqual([
        'database',
        'migrations',
        'shutdown',
      ]);
      const health = await second.inject({ method: 'GET', url: '/health' });
      expect(health.json()).toMatchObject({
        status: 'ok',
        checks: { redis: { status: 'up', latencyMs: expect.any(Number) as number } },
      });
    });
  });

  describe('when Redis dies and comes back', () => {
    let redis: RedisServer;
    let ctx: TestApp;
    let inspector: Redis | undefined;
    const logLines: string[] = [];

    beforeAll(async () => {
      redis = await startRedisServer();
      const capture = new Writable({
        write(chunk: Buffer, _encoding, done) {
          logLines.push(...chunk.toString().split('\n').filter(Boolean));
          done();
        },
      });
      ctx = await startTestApp(
        { ...appEnv(redis), LOG_LEVEL: 'info' },
        [RateLimitProbeModule],
        capture,
      );
    });

    afterAll(async () => {
      await ctx?.close();
      inspector?.disconnect();
      await redis?.stop();
    });

    it('answers every request without a 5xx, counts the fallback once and returns to Redis', async () => {
      expect(await metricValue(ctx, 'rate_limit_redis_active')).toBe(1);
      const callers = Array.from({ length: 12 }, (_, index) => `198.51.100.${index + 1}`);
      const before = await Promise.all(callers.map((ip) => hit(ctx, ip)));

      // Killed while requests are in flight, then more requests while it is gone.
      const during = Promise.all(callers.map((ip) => hit(ctx, ip)));
      await redis.kill();
      const duringResponses = await during;
      const after: InjectResponse[] = [];
      for (let round = 0; round < 5; round++) {
        after.push(...(await Promise.all(callers.map((ip) => hit(ctx, ip)))));
      }

      const statuses = [...before, ...duringResponses, ...after].map((r) => r.statusCode);
      expect(statuses.filter((status) => status >= 500)).toEqual([]);
      expect(statuses.every((status) => status === 200 || status === 429)).toBe(true);
      // The limiter kept limiting, in memory: each caller was refused after its allowance.
      expect(after.filter((response) => response.statusCode === 429).length).toBeGreaterThan(0);
      expect(await metricValue(ctx, 'redis_fallbacks_total{component="rate_limit"}')).toBe(1);
      expect(await metricValue(ctx, 'rate_limit_redis_active')).toBe(0);
      const warnings = logLines.filter((line) => line.includes('rate limits are counted in'));
      expect(warnings).toHaveLength(1);
      expect(JSON.parse(warnings[0])).toMatchObject({ level: 'warn', context: 'RateLimit' });

      // Every replica shares this Redis: readiness stays 200 so none leaves rotation, and the
      // outage shows as degraded in /health and on the dependency gauge.
      await expectDegradedButReady(ctx, 'unreachable');

      redis = await startRedisServer(redis.port);
      expect(
        await eventually(
          async () => (await metricValue(ctx, 'rate_limit_redis_active')) === 1,
          15_000,
        ),
      ).toBe(true);
      const ip = '198.51.100.200';
      const response = await hit(ctx, ip);
      expect(response.statusCode).toBe(200);
      inspector = new Redis(redis.url);
      expect(await inspector.get(`${KEY_PREFIX}public:ip:${ip}`)).toBe('1');
      expect(logLines.some((line) => line.includes('rate limits are shared again'))).toBe(true);
      expect((await ctx.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
      expect(await metricValue(ctx, REDIS_UP)).toBe(1);
      expect((await ctx.inject({ method: 'GET', url: '/health' })).json()).toMatchObject({
        status: 'ok',
        checks: { redis: { status: 'up' } },
      });
    }, 60_000);
  });

  describe('when Redis stops answering', () => {
    let redis: RedisServer;
    let ctx: TestApp;

    beforeAll(async () => {
      redis = await startRedisServer();
      ctx = await startTestApp(appEnv(redis), [RateLimitProbeModule]);
    });

    afterAll(async () => {
      process.kill(redis.pid, 'SIGCONT');
      await ctx?.close();
      await redis?.stop();
    });

    it('times out, falls back to memory, and returns once Redis answers again', async () => {
      expect((await hit(ctx, '192.0.2.80')).statusCode).toBe(200);
      process.kill(redis.pid, 'SIGSTOP');
      try {
        const statuses = (
          await Promise.all(['192.0.2.80', '192.0.2.81', '192.0.2.82'].map((ip) => hit(ctx, ip)))
        ).map((response) => response.statusCode);
        expect(statuses).toEqual([200, 200, 200]);
        expect(await metricValue(ctx, 'redis_fallbacks_total{component="rate_limit"}')).toBe(1);
        expect(await metricValue(ctx, 'rate_limit_redis_active')).toBe(0);
        const ready = await ctx.inject({ method: 'GET', url: '/health/ready' });
        expect(ready.statusCode).toBe(200);
        const health = await ctx.inject({ method: 'GET', url: '/health' });
        expect(health.json()).toMatchObject({
          status: 'degraded',
          checks: { redis: { status: 'degraded', detail: 'timeout' } },
        });
        // Still connected, but not answering: that is down as well.
        expect(await metricValue(ctx, REDIS_UP)).toBe(0);
      } finally {
        process.kill(redis.pid, 'SIGCONT');
      }
      // Still connected, so no reconnect announces it: the periodic probe finds it.
      expect(
        await eventually(
          async () => (await metricValue(ctx, 'rate_limit_redis_active')) === 1,
          20_000,
        ),
      ).toBe(true);
      expect((await hit(ctx, '192.0.2.83')).statusCode).toBe(200);
    }, 60_000);
  });
});
