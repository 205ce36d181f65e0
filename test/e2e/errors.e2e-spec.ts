import { ShutdownState } from 'src/platform/lifecycle/shutdown-state';
import { ErrorProbeModule } from 'test/support/error-probe.module';
import { expectProblem } from 'test/support/problem';
import { startTestApp, TestApp } from 'test/support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('error contract (problem+json)', () => {
  let ctx: TestApp;

  beforeAll(async () => {
    ctx = await startTestApp({ HTTP_BODY_LIMIT_BYTES: '2048' }, [ErrorProbeModule]);
  });

  afterAll(async () => {
    await ctx.close();
  });

  it('400 VALIDATION_FAILED lists every field problem', async () => {
    const response = await ctx.inject({
      method: 'POST',
      url: '/api/v1/error-probe/items',
      payload: { name: 'x'.repeat(21), amount: '1.234', extra: true },
    });
    const body = expectProblem(response, 400, 'VALIDATION_FAILED');
    const fields = (body.errors as { field: string }[]).map((error) => error.field).sort();
    expect(fields).toEqual(['amount', 'extra', 'name']);
  });

  it('accepts a valid body', async () => {
    const response = await ctx.inject({
      method: 'POST',
      url: '/api/v1/error-probe/items',
      payload: { name: 'ok', amount: '12.50' },
    });
    expect(response.statusCode).toBe(201);
  });

  it('400 MALFORMED_JSON for a body that is not JSON', async () => {
    const response = await ctx.inject({
      method: 'POST',
      url: '/api/v1/error-probe/items',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expectProblem(response, 400, 'MALFORMED_JSON');
  });

  it('404 ROUTE_NOT_FOUND for an unknown route', async () => {
    const response = await ctx.inject({ method: 'GET', url: '/api/v1/nowhere?x=1' });
    const body = expectProblem(response, 404, 'ROUTE_NOT_FOUND');
    expect(body.instance).toBe('/api/v1/nowhere');
  });

  it('405 METHOD_NOT_ALLOWED with Allow for a known path and a wrong method', async () => {
    const response = await ctx.inject({ method: 'DELETE', url: '/health/live' });
    expectProblem(response, 405, 'METHOD_NOT_ALLOWED');
    expect(response.headers.allow).toContain('GET');
  });

  it('413 PAYLOAD_TOO_LARGE above the body limit', async () => {
    const response = await ctx.inject({
      method: 'POST',
      url: '/api/v1/error-probe/items',
      payload: { name: 'n', amount: '1', padding: 'x'.repeat(4096) },
    });
    expectProblem(response, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('415 UNSUPPORTED_MEDIA_TYPE for a body type the API does not take', async () => {
    const response = await ctx.inject({
      method: 'POST',
      url: '/api/v1/error-probe/items',
      headers: { 'content-type': 'application/xml' },
      payload: '<name/>',
    });
    expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('409 ALREADY_EXISTS for a unique violation, mapped once from PostgreSQL', async () => {
    const response = await ctx.inject({ method: 'POST', url: '/api/v1/error-probe/duplicate' });
    expectProblem(response, 409, 'ALREADY_EXISTS');
  });

  it('503 DEPENDENCY_UNAVAILABLE with Retry-After on a statement timeout', async () => {
    const response = await ctx.inject({
      method: 'GET',
      url: '/api/v1/error-probe/statement-timeout',
    });
    expectProblem(response, 503, 'DEPENDENCY_UNAVAILABLE');
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('500 INTERNAL_ERROR hides the original message', async () => {
    const response = await ctx.inject({ method: 'GET', url: '/api/v1/error-probe/crash' });
    const body = expectProblem(response, 500, 'INTERNAL_ERROR');
    expect(body.detail).toBe('An unexpected error occurred');
    expect(response.body).not.toContain('secret.sock');
  });

  it('405 for a plain OPTIONS request (no preflight), which shutdown does not wait for', async () => {
    const response = await ctx.inject({ method: 'OPTIONS', url: '/health/live' });
    expectProblem(response, 405, 'METHOD_NOT_ALLOWED');
    // It passes the not-found handler on its way: counted once as started, once as finished.
    expect(ctx.app.get(ShutdownState).handlersRunning).toBe(0);
  });

  describe('request ids', () => {
    it('echoes a sane X-Request-Id into the response and the error body', async () => {
      const response = await ctx.inject({
        method: 'GET',
        url: '/api/v1/nowhere',
        headers: { 'x-request-id': 'client-trace.42:abc' },
      });
      expect(response.headers['x-request-id']).toBe('client-trace.42:abc');
      expect(response.json()).toMatchObject({ requestId: 'client-trace.42:abc' });
    });

    it.each([['x'.repeat(129)], ['evil\u0007id'], ['a b'], ['']])(
      'replaces an unsafe id %j with a new UUID',
      async (given) => {
        const response = await ctx.inject({
          method: 'GET',
          url: '/health/live',
          headers: { 'x-request-id': given },
        });
        expect(response.headers['x-request-id']).toMatch(UUID);
      },
    );

    it('gives every response an id when none is sent', async () => {
      const response = await ctx.inject({ method: 'GET', url: '/health/live' });
      expect(response.headers['x-request-id']).toMatch(UUID);
    });
  });
});
