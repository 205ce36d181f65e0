import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, TestApp } from 'test/support/test-app';

describe('OpenAPI', () => {
  let ctx: TestApp;

  beforeAll(async () => {
    ctx = await startTestApp();
  });

  afterAll(async () => {
    await ctx.close();
  });

  it('serves an OpenAPI 3 document at /api/docs-json with the error contract', async () => {
    const response = await ctx.inject({ method: 'GET', url: '/api/docs-json' });
    expect(response.statusCode).toBe(200);
    const document = response.json<{
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    }>();
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/health/live', '/health/ready']),
    );
    expect(Object.keys(document.components.schemas.ProblemDetailsDto.properties)).toEqual(
      expect.arrayContaining([
        'type',
        'title',
        'status',
        'detail',
        'instance',
        'code',
        'requestId',
      ]),
    );
  });

  it('matches the committed openapi.json (run `npm run openapi` after an API change)', async () => {
    const committed = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8'),
    ) as unknown;
    const running = (await ctx.inject({ method: 'GET', url: '/api/docs-json' })).json<unknown>();
    expect(running).toEqual(committed);
  });

  it('serves Swagger UI at /api/docs under a policy that lets it run', async () => {
    const response = await ctx.inject({ method: 'GET', url: '/api/docs' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('swagger-ui');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});
