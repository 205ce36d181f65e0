import { startTestApp, TestApp } from 'test/support/test-app';

describe('security headers, CORS and trusted hosts', () => {
  let ctx: TestApp;

  beforeAll(async () => {
    ctx = await startTestApp({
      CORS_ORIGINS: 'https://app.example.com',
      ALLOWED_HOSTS: 'api.example.com,localhost',
    });
  });

  afterAll(async () => {
    await ctx.close();
  });

  it('sends the security headers on API responses, errors included', async () => {
    const response = await ctx.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { host: 'localhost' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'x-frame-options': 'SAMEORIGIN',
    });
    // JSON loads nothing: the policy allows nothing, not helmet's defaults for HTML pages.
    expect(response.headers['content-security-policy']).toBe(
      "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
    );
    expect(response.headers['permissions-policy']).toContain('camera=()');
    // HSTS only in production, where TLS is in front.
    expect(response.headers['strict-transport-security']).toBeUndefined();
    // Headers only an HTML page acts on stay on the docs page.
    for (const documentOnly of [
      'x-dns-prefetch-control',
      'x-xss-protection',
      'origin-agent-cluster',
    ]) {
      expect(response.headers[documentOnly]).toBeUndefined();
    }
  });

  it('sends the HTML page headers on the Swagger UI page', async () => {
    const response = await ctx.inject({
      method: 'GET',
      url: '/api/docs',
      headers: { host: 'localhost' },
    });
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-dns-prefetch-control': 'off',
      'x-xss-protection': '0',
      'origin-agent-cluster': '?1',
    });
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('allows a listed origin, with credentials', async () => {
    const response = await ctx.inject({
      method: 'OPTIONS',
      url: '/health/live',
      headers: {
        host: 'api.example.com',
        origin: 'https://app.example.com',
        'access-control-request-method': 'GET',
      },
    });
    expect(response.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(response.headers['access-control-allow-credentials']).toBe('true');
  });

  it('gives an unlisted origin no CORS grant', async () => {
    const response = await ctx.inject({
      method: 'GET',
      url: '/health/live',
      headers: { host: 'localhost', origin: 'https://evil.example.net' },
    });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a Host that is not served here', async () => {
    const response = await ctx.inject({
      method: 'GET',
      url: '/api/v1/expenses',
      headers: { host: 'attacker.example.net' },
    });
    expect(response.statusCode).toBe(421);
    expect(response.json()).toMatchObject({ code: 'HOST_NOT_ALLOWED' });
  });

  it('answers probes whatever the Host, since the kubelet calls a pod by its address', async () => {
    for (const url of ['/health/live', '/health/ready']) {
      const response = await ctx.inject({
        method: 'GET',
        url,
        headers: { host: '10.42.0.17:3000' },
      });
      expect(response.statusCode).toBe(200);
    }
  });

  it('sends probes only the headers a machine reader acts on', async () => {
    const response = await ctx.inject({
      method: 'GET',
      url: '/health/live',
      headers: { host: 'localhost' },
    });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-request-id']).toBeDefined();
    expect(response.headers['content-security-policy']).toBeUndefined();
    expect(response.headers['permissions-policy']).toBeUndefined();
  });

  it('accepts an allowed Host whatever its case or port', async () => {
    const response = await ctx.inject({
      method: 'GET',
      url: '/health/live',
      headers: { host: 'API.example.com:8443' },
    });
    expect(response.statusCode).toBe(200);
  });
});

describe('CORS without allowed origins', () => {
  let ctx: TestApp;

  beforeAll(async () => {
    ctx = await startTestApp({ CORS_ORIGINS: '' });
  });

  afterAll(async () => {
    await ctx.close();
  });

  it('grants nothing to a preflight and answers it like any unrouted OPTIONS', async () => {
    const response = await ctx.inject({
      method: 'OPTIONS',
      url: '/health/live',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' },
    });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toContain('GET');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('grants nothing to a simple request', async () => {
    const response = await ctx.inject({
      method: 'GET',
      url: '/health/live',
      headers: { origin: 'https://app.example.com' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});
