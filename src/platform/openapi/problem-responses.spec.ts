import { OpenAPIObject, OperationObject } from '@nestjs/swagger';
import {
  documentProblemResponses,
  PROBLEM_CONTENT_TYPE,
} from 'src/platform/openapi/problem-responses';

function documentWith(
  paths: Record<string, Record<string, Partial<OperationObject>>>,
): OpenAPIObject {
  const withResponses = Object.fromEntries(
    Object.entries(paths).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, operation]) => [
          method,
          { responses: { '200': { description: 'OK' } }, ...operation },
        ]),
      ),
    ]),
  );
  return {
    openapi: '3.0.0',
    info: { title: 'test', version: '1' },
    paths: withResponses,
    components: {},
  };
}

function statuses(document: OpenAPIObject, path: string, method = 'get'): string[] {
  const item = document.paths[path] as Record<string, OperationObject>;
  return Object.keys(item[method].responses).filter((status) => status !== '200');
}

describe('documentProblemResponses', () => {
  const pathParameter = {
    name: 'id',
    in: 'path' as const,
    required: true,
    schema: { type: 'string' },
  };
  const queryParameter = { name: 'limit', in: 'query' as const, schema: { type: 'integer' } };
  const body = { content: { 'application/json': { schema: { type: 'object' } } } };

  it('derives each operation’s problems from its shape, by one set of rules', () => {
    const document = documentProblemResponses(
      documentWith({
        '/health/live': { get: {} },
        '/api/v1/things': {
          get: { parameters: [queryParameter] },
          post: { requestBody: body, security: [{ bearer: [] }] },
        },
        '/api/v1/things/{id}': { get: { parameters: [pathParameter], security: [{ apiKey: [] }] } },
        '/api/v1/ping': { get: {} },
      }),
    );
    expect(statuses(document, '/health/live')).toEqual(['500']);
    expect(statuses(document, '/api/v1/ping')).toEqual(['429', '500', '503']);
    expect(statuses(document, '/api/v1/things')).toEqual(['400', '429', '500', '503']);
    expect(statuses(document, '/api/v1/things', 'post')).toEqual([
      '400',
      '401',
      '403',
      '413',
      '415',
      '429',
      '500',
      '503',
    ]);
    expect(statuses(document, '/api/v1/things/{id}')).toEqual([
      '400',
      '401',
      '403',
      '404',
      '429',
      '500',
      '503',
    ]);
  });

  it('shares one problem+json response per status, listing the codes and headers', () => {
    const document = documentProblemResponses(
      documentWith({ '/api/v1/things': { get: { parameters: [queryParameter] } } }),
    );
    const item = document.paths['/api/v1/things'] as Record<string, OperationObject>;
    expect(item.get.responses['429']).toEqual({ $ref: '#/components/responses/RateLimited' });
    const responses = document.components!.responses!;
    expect(Object.keys(responses)).toEqual([
      'BadRequest',
      'RateLimited',
      'InternalError',
      'ServiceUnavailable',
    ]);
    expect(responses.BadRequest).toMatchObject({
      description: expect.stringContaining('`VALIDATION_FAILED`') as string,
      content: {
        [PROBLEM_CONTENT_TYPE]: {
          schema: { $ref: '#/components/schemas/ProblemDetailsDto' },
          example: { status: 400, code: 'VALIDATION_FAILED' },
        },
      },
    });
    expect(Object.keys(responses.RateLimited)).toContain('headers');
    expect(Object.keys((responses.RateLimited as { headers: object }).headers)).toEqual([
      'X-Request-Id',
      'Retry-After',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
    ]);
  });

  it('keeps an error response a controller declared, served as problem+json', () => {
    const document = documentProblemResponses(
      documentWith({
        '/health/ready': {
          get: {
            responses: {
              '200': { description: 'Ready' },
              '503': {
                description: 'Not ready',
                content: {
                  'application/json': { schema: { $ref: '#/components/schemas/NotReady' } },
                },
              },
            },
          },
        },
      }),
    );
    const item = document.paths['/health/ready'] as Record<string, OperationObject>;
    expect(item.get.responses['503']).toMatchObject({
      description: 'Not ready',
      content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/NotReady' } } },
    });
    expect(Object.keys(item.get.responses)).toEqual(['200', '500', '503']);
  });
});
