import { startTestApp, TestApp } from 'test/support/test-app';

describe('health probes', () => {
  let ctx: TestApp;

  beforeAll(async () => {
    ctx = await startTestApp();
  });

  afterAll(async () => {
    await ctx.close();
  });

  it('GET /health/live answers without touching a dependency', async () => {
    const response = await ctx.inject({ method: 'GET', url: '/health/live' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('GET /health/ready proves the database answers and the schema is current', async () => {
    const response = await ctx.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'ok',
      checks: {
        shutdown: { status: 'up' },
        database: { status: 'up' },
        migrations: { status: 'up' },
      },
    });
    // A probe's answer is about now: no cache may keep it.
    expect(response.headers['cache-control']).toContain('no-store');
  });

  it('keeps probes outside the versioned API prefix', async () => {
    const prefixed = await ctx.inject({ method: 'GET', url: '/api/v1/health/live' });
    expect(prefixed.statusCode).toBe(404);
  });
});

describe('GET /health', () => {
  let ctx: TestApp;

  beforeAll(async () => {
    ctx = await startTestApp({ GIT_COMMIT: 'abc1234' });
  });

  afterAll(async () => {
    await ctx.close();
  });

  it('reports version, commit, uptime, environment and each dependency with its latency', async () => {
    const response = await ctx.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    const body = response.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      status: 'ok',
      version: '0.1.0',
      commit: 'abc1234',
      environment: 'test',
      checks: { database: { status: 'up' }, migrations: { status: 'up' } },
    });
    expect(typeof body.uptimeSeconds).toBe('number');
    expect(typeof (body.checks as { database: { latencyMs: unknown } }).database.latencyMs).toBe(
      'number',
    );
    expect(response.body).not.toMatch(/postgres:\/\/|password|secret/i);
  });
});
