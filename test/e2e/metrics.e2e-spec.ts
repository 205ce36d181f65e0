import { MetricsPortListener } from 'src/modules/metrics/metrics-port.listener';
import { startTestApp, TestApp } from 'test/support/test-app';

const TOKEN = 'metrics-token-0123456789abcdef0123456789';

describe('Prometheus metrics', () => {
  describe('open access', () => {
    let ctx: TestApp;

    beforeAll(async () => {
      ctx = await startTestApp({ METRICS_ACCESS: 'open' });
    });

    afterAll(async () => {
      await ctx.close();
    });

    it('exposes process, HTTP, error and pool series after traffic', async () => {
      await ctx.inject({ method: 'GET', url: '/health/live' });
      await ctx.inject({ method: 'GET', url: '/health/ready' });
      await ctx.inject({ method: 'GET', url: '/api/v1/missing' });

      const response = await ctx.inject({ method: 'GET', url: '/metrics' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/plain');
      const text = response.body;
      expect(text).toMatch(
        /http_request_duration_seconds_count\{method="GET",route="\/health\/live",status_class="2xx"\} 1/,
      );
      expect(text).toMatch(
        /http_request_duration_seconds_count\{method="GET",route="unmatched",status_class="4xx"\} 1/,
      );
      expect(text).toMatch(/ledgerline_errors_total\{code="ROUTE_NOT_FOUND"\} 1/);
      expect(text).toMatch(/http_requests_in_flight \d+/);
      expect(text).toMatch(/db_pool_connections_total [1-9]/);
      expect(text).toContain('db_pool_connections_idle');
      expect(text).toContain('db_pool_requests_waiting 0');
      expect(text).toContain('process_cpu_user_seconds_total');
      // The raw URL never becomes a label.
      expect(text).not.toContain('/api/v1/missing');
    });

    it('stays out of the OpenAPI document', async () => {
      const document = (await ctx.inject({ method: 'GET', url: '/api/docs-json' })).json<{
        paths: Record<string, unknown>;
      }>();
      expect(Object.keys(document.paths)).not.toContain('/metrics');
    });
  });

  describe('token access', () => {
    let ctx: TestApp;

    beforeAll(async () => {
      ctx = await startTestApp({ METRICS_ACCESS: 'token', METRICS_TOKEN: TOKEN });
    });

    afterAll(async () => {
      await ctx.close();
    });

    it.each([
      ['no token', {}],
      ['a wrong token', { authorization: `Bearer ${TOKEN.replace('0', '1')}` }],
      ['a basic credential', { authorization: `Basic ${TOKEN}` }],
    ])('refuses %s with 401 problem+json', async (_case, headers) => {
      const response = await ctx.inject({ method: 'GET', url: '/metrics', headers });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(response.headers['www-authenticate']).toContain('Bearer');
    });

    it('serves the metrics to the bearer of the token', async () => {
      const response = await ctx.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('http_request_duration_seconds');
    });
  });

  it('answers 404 when switched off', async () => {
    const ctx = await startTestApp({ METRICS_ACCESS: 'off' });
    try {
      const response = await ctx.inject({ method: 'GET', url: '/metrics' });
      expect(response.statusCode).toBe(404);
    } finally {
      await ctx.close();
    }
  });

  describe('separate port', () => {
    let ctx: TestApp;
    let apiBase: string;
    let metricsBase: string;

    beforeAll(async () => {
      ctx = await startTestApp({ METRICS_ACCESS: 'port', METRICS_PORT: '0', HOST: '127.0.0.1' });
      await ctx.app.listen({ host: '127.0.0.1', port: 0 });
      apiBase = await ctx.app.getUrl();
      metricsBase = `http://127.0.0.1:${ctx.app.get(MetricsPortListener).port}`;
    });

    afterAll(async () => {
      await ctx.close();
    });

    it('serves the exposition on the metrics port, without a token', async () => {
      expect((await fetch(`${apiBase}/health/live`)).status).toBe(200);
      const response = await fetch(`${metricsBase}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      expect(await response.text()).toMatch(
        /http_request_duration_seconds_count\{method="GET",route="\/health\/live",status_class="2xx"\} 1/,
      );
    });

    it('answers 404 problem+json for /metrics on the API port', async () => {
      const response = await fetch(`${apiBase}/metrics`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
    });

    it('serves nothing but /metrics on the metrics port', async () => {
      expect((await fetch(`${metricsBase}/health/live`)).status).toBe(404);
      const post = await fetch(`${metricsBase}/metrics`, { method: 'POST' });
      expect(post.status).toBe(405);
      expect(post.headers.get('allow')).toBe('GET, HEAD');
    });
  });

  it('opens the metrics port with the app and closes it with the app', async () => {
    const ctx = await startTestApp({
      METRICS_ACCESS: 'port',
      METRICS_PORT: '0',
      HOST: '127.0.0.1',
    });
    const port = ctx.app.get(MetricsPortListener).port;
    expect(port).toBeGreaterThan(0);
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
    await ctx.close();
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });
});
