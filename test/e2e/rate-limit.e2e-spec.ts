import { Response as InjectResponse } from 'light-my-request';
import { RateLimitProbeModule, TEST_PRINCIPAL_HEADER } from 'test/support/rate-limit-probe.module';
import { startTestApp, TestApp } from 'test/support/test-app';

const PROBE = '/api/v1/rate-limit-probe';

const TIERS = {
  RATE_LIMIT_ENABLED: 'true',
  RATE_LIMIT_PUBLIC: '3/1m',
  RATE_LIMIT_AUTHENTICATED: '5/1m',
  RATE_LIMIT_ADMIN: '8/1m',
  RATE_LIMIT_SEARCH: '2/1m',
  RATE_LIMIT_LOGIN: '2/15m',
  METRICS_ACCESS: 'open',
};

interface Caller {
  /** Client address as the socket reports it. */
  ip: string;
  /** See TEST_PRINCIPAL_HEADER. */
  as?: string;
}

describe('rate limiting (counters in memory)', () => {
  let ctx: TestApp;

  function send(method: 'GET' | 'POST', url: string, caller: Caller): Promise<InjectResponse> {
    return ctx.inject({
      method,
      url,
      remoteAddress: caller.ip,
      headers: caller.as ? { [TEST_PRINCIPAL_HEADER]: caller.as } : {},
    });
  }

  async function sendTimes(
    times: number,
    method: 'GET' | 'POST',
    url: string,
    caller: Caller,
  ): Promise<InjectResponse[]> {
    const responses: InjectResponse[] = [];
    for (let sent = 0; sent < times; sent++) responses.push(await send(method, url, caller));
    return responses;
  }

  const statuses = (responses: InjectResponse[]): number[] =>
    responses.map((response) => response.statusCode);

  beforeAll(async () => {
    ctx = await startTestApp(TIERS, [RateLimitProbeModule]);
  });

  afterAll(async () => {
    await ctx.close();
  });

  it('counts down RateLimit-Remaining, then answers 429 problem+json with Retry-After', async () => {
    const caller = { ip: '203.0.113.1' };
    const allowed = await sendTimes(3, 'GET', `${PROBE}/default`, caller);
    expect(statuses(allowed)).toEqual([200, 200, 200]);
    expect(allowed.map((response) => response.headers['ratelimit-remaining'])).toEqual([
      '2',
      '1',
      '0',
    ]);
    for (const response of allowed) {
      expect(response.headers['ratelimit-limit']).toBe('3');
      expect(Number(response.headers['ratelimit-reset'])).toBeGreaterThanOrEqual(1);
      expect(Number(response.headers['ratelimit-reset'])).toBeLessThanOrEqual(60);
    }

    const refused = await send('GET', `${PROBE}/default`, caller);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({
      type: 'https://ledgerline.dev/problems/rate-limited',
      title: 'Too many requests',
      status: 429,
      code: 'RATE_LIMITED',
      instance: `${PROBE}/default`,
      requestId: refused.headers['x-request-id'],
    });
    expect(refused.json<{ detail: string }>().detail).toMatch(
      /^Rate limit of 3 requests per 1 minute exceeded; retry in \d+ s$/,
    );
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers['ratelimit-limit']).toBe('3');
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(refused.headers['ratelimit-reset']).toBe(String(retryAfter));
    // The security headers set before the guard survive the error path.
    expect(refused.headers['x-content-type-options']).toBe('nosniff');
  });

  it('gives another client address a counter of its own', async () => {
    expect(statuses(await sendTimes(4, 'GET', `${PROBE}/default`, { ip: '203.0.113.2' }))).toEqual([
      200, 200, 200, 429,
    ]);
    const other = await send('GET', `${PROBE}/default`, { ip: '203.0.113.3' });
    expect(other.statusCode).toBe(200);
    expect(other.headers['ratelimit-remaining']).toBe('2');
  });

  it('counts one tier across all the routes that use it', async () => {
    const caller = { ip: '203.0.113.4' };
    await sendTimes(2, 'GET', `${PROBE}/default`, caller);
    const third = await send('GET', `${PROBE}/other-default`, caller);
    expect(third.headers['ratelimit-remaining']).toBe('0');
    expect((await send('GET', `${PROBE}/other-default`, caller)).statusCode).toBe(429);
  });

  it('counts a user by id, wherever the requests come from, in the authenticated tier', async () => {
    const alice = { ip: '198.51.100.1', as: 'user:alice' };
    const first = await send('GET', `${PROBE}/default`, alice);
    expect(first.headers['ratelimit-limit']).toBe('5');
    await sendTimes(4, 'GET', `${PROBE}/default`, alice);
    expect((await send('GET', `${PROBE}/default`, alice)).statusCode).toBe(429);
    // Alice from elsewhere is still Alice.
    const moved = await send('GET', `${PROBE}/default`, { ...alice, ip: '198.51.100.2' });
    expect(moved.statusCode).toBe(429);
    // Her address is not blocked for others, nor for anonymous callers behind it.
    expect((await send('GET', `${PROBE}/default`, { ...alice, as: 'user:bob' })).statusCode).toBe(
      200,
    );
    expect((await send('GET', `${PROBE}/default`, { ip: alice.ip })).statusCode).toBe(200);
  });

  it('counts an API key by its id, apart from the user who owns it', async () => {
    const key = { ip: '198.51.100.3', as: 'apikey:key-1:carol' };
    const responses = await sendTimes(6, 'GET', `${PROBE}/default`, key);
    expect(statuses(responses)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(responses[0]?.headers['ratelimit-limit']).toBe('5');
    expect((await send('GET', `${PROBE}/default`, { ...key, as: 'user:carol' })).statusCode).toBe(
      200,
    );
    expect(
      (await send('GET', `${PROBE}/default`, { ...key, as: 'apikey:key-2:carol' })).statusCode,
    ).toBe(200);
  });

  it('gives admins the admin tier', async () => {
    const admin = { ip: '198.51.100.4', as: 'admin:root' };
    const responses = await sendTimes(9, 'GET', `${PROBE}/default`, admin);
    expect(responses[0]?.headers['ratelimit-limit']).toBe('8');
    expect(statuses(responses).filter((status) => status === 429)).toHaveLength(1);
    expect(responses[8]?.statusCode).toBe(429);
  });

  it("counts a route with a declared tier against that tier only, not the caller's default", async () => {
    const caller = { ip: '203.0.113.5' };
    const searches = await sendTimes(3, 'GET', `${PROBE}/search`, caller);
    expect(statuses(searches)).toEqual([200, 200, 429]);
    expect(searches[0]?.headers['ratelimit-limit']).toBe('2');
    // The public tier of the same caller was not touched by the searches...
    const ordinary = await send('GET', `${PROBE}/default`, caller);
    expect(ordinary.statusCode).toBe(200);
    expect(ordinary.headers['ratelimit-remaining']).toBe('2');
    // ...and using it up leaves searching as it was.
    await sendTimes(3, 'GET', `${PROBE}/default`, caller);
    const another = { ip: '203.0.113.6' };
    await sendTimes(3, 'GET', `${PROBE}/default`, another);
    expect((await send('GET', `${PROBE}/default`, another)).statusCode).toBe(429);
    const search = await send('GET', `${PROBE}/search`, another);
    expect(search.statusCode).toBe(200);
    expect(search.headers['ratelimit-remaining']).toBe('1');
  });

  it('counts the login tier per address, whoever the caller claims to be', async () => {
    const dave = { ip: '192.0.2.10', as: 'user:dave' };
    expect(statuses(await sendTimes(3, 'POST', `${PROBE}/login`, dave))).toEqual([201, 201, 429]);
    const erin = await send('POST', `${PROBE}/login`, { ip: dave.ip, as: 'user:erin' });
    expect(erin.statusCode).toBe(429);
    expect(erin.headers['ratelimit-limit']).toBe('2');
    const anonymous = await send('POST', `${PROBE}/login`, { ip: dave.ip });
    expect(anonymous.statusCode).toBe(429);
    expect((await send('POST', `${PROBE}/login`, { ...dave, ip: '192.0.2.11' })).statusCode).toBe(
      201,
    );
  });

  it('never limits probes, /metrics, the API docs or a route that opts out', async () => {
    const caller = { ip: '192.0.2.20' };
    const urls = ['/health/live', '/health/ready', '/health', '/metrics', '/api/docs-json'];
    for (const url of urls) {
      const responses = await sendTimes(6, 'GET', url, caller);
      expect({ url, statuses: statuses(responses) }).toEqual({ url, statuses: Array(6).fill(200) });
      expect(responses.some((response) => 'ratelimit-limit' in response.headers)).toBe(false);
    }
    const unlimited = await sendTimes(6, 'GET', `${PROBE}/unlimited`, caller);
    expect(statuses(unlimited)).toEqual(Array(6).fill(200));
    // None of that used up the caller's public tier.
    const ordinary = await send('GET', `${PROBE}/default`, caller);
    expect(ordinary.headers['ratelimit-remaining']).toBe('2');
  });

  it('exposes rejections by tier in /metrics', async () => {
    const rejections = async (tier: string): Promise<number> => {
      const text = (await send('GET', '/metrics', { ip: '127.0.0.1' })).body;
      const match = new RegExp(
        `^rate_limit_rejections_total\\{tier="${tier}"\\} (\\d+)$`,
        'm',
      ).exec(text);
      return Number(match?.[1] ?? NaN);
    };
    const searchBefore = await rejections('search');
    const publicBefore = await rejections('public');
    expect(await rejections('upload')).toBe(0);

    const caller = { ip: '192.0.2.30' };
    await sendTimes(4, 'GET', `${PROBE}/search`, caller);
    await sendTimes(4, 'GET', `${PROBE}/default`, caller);

    expect(await rejections('search')).toBe(searchBefore + 2);
    expect(await rejections('public')).toBe(publicBefore + 1);
    const text = (await send('GET', '/metrics', { ip: '127.0.0.1' })).body;
    expect(text).toMatch(/^rate_limit_redis_active 0$/m);
    expect(text).toMatch(/^ledgerline_errors_total\{code="RATE_LIMITED"\} [1-9]\d*$/m);
  });
});

describe('rate limiting behind a trusted proxy', () => {
  let ctx: TestApp;

  beforeAll(async () => {
    ctx = await startTestApp({ ...TIERS, TRUST_PROXY: 'true' }, [RateLimitProbeModule]);
  });

  afterAll(async () => {
    await ctx.close();
  });

  it('counts the forwarded client address, not the proxy', async () => {
    const viaProxy = (client: string): Promise<InjectResponse> =>
      ctx.inject({
        method: 'GET',
        url: `${PROBE}/default`,
        remoteAddress: '10.0.0.1',
        headers: { 'x-forwarded-for': client },
      });
    for (let sent = 0; sent < 3; sent++) await viaProxy('203.0.113.50');
    expect((await viaProxy('203.0.113.50')).statusCode).toBe(429);
    const other = await viaProxy('203.0.113.51');
    expect(other.statusCode).toBe(200);
    expect(other.headers['ratelimit-remaining']).toBe('2');
  });
});

describe('rate limiting switched off', () => {
  let ctx: TestApp;

  beforeAll(async () => {
    ctx = await startTestApp({ ...TIERS, RATE_LIMIT_ENABLED: 'false' }, [RateLimitProbeModule]);
  });

  afterAll(async () => {
    await ctx.close();
  });

  it('lets every request through without RateLimit headers', async () => {
    for (let sent = 0; sent < 5; sent++) {
      const response = await ctx.inject({
        method: 'GET',
        url: `${PROBE}/search`,
        remoteAddress: '203.0.113.60',
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['ratelimit-limit']).toBeUndefined();
    }
  });
});
