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
      checks: { database: { status: 'up' }, migrations: { status: 'up' } },
    });
  });

  it('keeps probes outside the versioned API prefix', async () => {
    const prefixed = await ctx.inject({ method: 'GET', url: '/api/v1/health/live' });
    expect(prefixed.statusCode).toBe(404);
  });
});
