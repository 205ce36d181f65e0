import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';
import { ParameterObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { PASSWORD_FLOW_ONLY_CSS, TAG_STYLE } from 'src/platform/openapi/openapi';
import {
  API_KEY_HEADER,
  API_KEY_SCHEME,
  BEARER_SCHEME,
  OAUTH2_SCHEME,
  TOKEN_URL,
} from 'src/platform/openapi/security-schemes';
import { ErrorProbeModule } from 'test/support/error-probe.module';
import { PROJECT_ROOT } from 'test/support/run-ts';
import { startTestApp, TestApp } from 'test/support/test-app';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

function operations(document: OpenAPIObject): [string, OperationObject][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => (item[method] ? [[`${method} ${path}`, item[method]]] : [])),
  ) as [string, OperationObject][];
}

/** An operation's error responses, with references to shared responses resolved. */
function errorResponses(
  document: OpenAPIObject,
  operation: OperationObject,
): Record<string, ResponseObject> {
  return Object.fromEntries(
    Object.entries(operation.responses)
      .filter(([status]) => Number(status) >= 400)
      .map(([status, response]) => {
        const ref = (response as { $ref?: string }).$ref;
        const resolved = ref
          ? document.components!.responses![ref.replace('#/components/responses/', '')]
          : response;
        return [status, resolved as ResponseObject];
      }),
  );
}

function runSpectral(): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        join(PROJECT_ROOT, 'node_modules', '@stoplight', 'spectral-cli', 'dist', 'index.js'),
        'lint',
        'openapi.json',
        '--ruleset',
        '.spectral.yaml',
        '--fail-severity',
        'warn',
      ],
      { cwd: PROJECT_ROOT, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

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

  it('declares the OAuth2 password flow, a bearer and an API-key scheme under the exported names', async () => {
    const document = (
      await ctx.inject({ method: 'GET', url: '/api/docs-json' })
    ).json<OpenAPIObject>();
    expect(document.components!.securitySchemes).toMatchObject({
      [OAUTH2_SCHEME]: { type: 'oauth2', flows: { password: { tokenUrl: TOKEN_URL } } },
      [BEARER_SCHEME]: { type: 'http', scheme: 'bearer' },
      [API_KEY_SCHEME]: { type: 'apiKey', in: 'header', name: API_KEY_HEADER },
    });
    expect(TOKEN_URL).toBe('/api/v1/auth/token');
  });

  it('passes Spectral’s OpenAPI ruleset, warnings included (`npm run openapi:lint`)', async () => {
    const { code, output } = await runSpectral();
    expect(output).toContain('No results with a severity of');
    expect(code).toBe(0);
  }, 60_000);

  it('pre-fills no example into an optional parameter (Try it out would send it)', async () => {
    const document = (
      await ctx.inject({ method: 'GET', url: '/api/docs-json' })
    ).json<OpenAPIObject>();
    const prefilled = operations(document).flatMap(([name, operation]) =>
      (operation.parameters ?? []).flatMap((parameter) => {
        const p = parameter as ParameterObject;
        const schema = p.schema as { example?: unknown } | undefined;
        return !p.required && (p.example !== undefined || p.examples || schema?.example)
          ? [`${name} ${p.name}`]
          : [];
      }),
    );
    expect(prefilled).toEqual([]);
    const currency = document.paths['/api/v1/expenses'].get!.parameters!.find(
      (parameter) => (parameter as ParameterObject).name === 'currency',
    ) as ParameterObject;
    expect(currency.description).toContain('For example `USD`.');
  });

  it('names tags in one style and opens on the operations, not the error catalogue', async () => {
    const document = (
      await ctx.inject({ method: 'GET', url: '/api/docs-json' })
    ).json<OpenAPIObject>();
    const used = operations(document).flatMap(([, operation]) => operation.tags ?? []);
    expect(used.filter((tag) => !TAG_STYLE.test(tag))).toEqual([]);
    expect(document.info.description).not.toContain('VALIDATION_FAILED');
    const problem = document.components!.schemas!.ProblemDetailsDto as { description: string };
    expect(problem.description).toContain('| `VALIDATION_FAILED` | 400 |');
  });

  it('answers with coherent examples: a converted expense has a rate and no reason', async () => {
    const document = (
      await ctx.inject({ method: 'GET', url: '/api/docs-json' })
    ).json<OpenAPIObject>();
    const fx = document.components!.schemas!.ExpenseFxDto as {
      properties: Record<string, { example?: unknown }>;
    };
    expect(fx.properties.status.example).toBe('converted');
    expect(fx.properties.reason.example).toBeNull();
    expect(fx.properties.detail.example).toBeNull();
    expect(fx.properties.source.example).toBe('ECB');
  });

  it('serves Swagger UI at /api/docs under a policy that lets it run', async () => {
    const response = await ctx.inject({ method: 'GET', url: '/api/docs' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('swagger-ui');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    // The password flow's dialog asks for username and password only.
    expect(response.body).toContain(PASSWORD_FLOW_ONLY_CSS);
  });
});

describe('OpenAPI problem responses', () => {
  let ctx: TestApp;
  let document: OpenAPIObject;

  beforeAll(async () => {
    ctx = await startTestApp({}, [ErrorProbeModule]);
    document = (await ctx.inject({ method: 'GET', url: '/api/docs-json' })).json<OpenAPIObject>();
  });

  afterAll(async () => {
    await ctx.close();
  });

  it('documents every error response of every operation as problem+json', () => {
    expect(operations(document).length).toBeGreaterThan(5);
    for (const [name, operation] of operations(document)) {
      const errors = errorResponses(document, operation);
      expect([name, Object.keys(errors)]).toEqual([name, expect.arrayContaining(['500'])]);
      for (const response of Object.values(errors)) {
        expect([name, Object.keys(response.content ?? {})]).toEqual([
          name,
          ['application/problem+json'],
        ]);
      }
    }
  });

  it('lists the problems each kind of route can answer with', () => {
    const byName = Object.fromEntries(operations(document));
    const statuses = (name: string): string[] =>
      Object.keys(errorResponses(document, byName[name]));
    expect(statuses('post /api/v1/error-probe/items')).toEqual([
      '400',
      '413',
      '415',
      '429',
      '500',
      '503',
    ]);
    expect(statuses('get /api/v1/error-probe/items/{id}')).toEqual([
      '400',
      '404',
      '429',
      '500',
      '503',
    ]);
    expect(statuses('get /health/live')).toEqual(['500']);
    expect(statuses('get /health/ready')).toEqual(['500', '503']);
  });
});
