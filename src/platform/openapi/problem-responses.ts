import {
  getSchemaPath,
  HeadersObject,
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ResponseObject,
} from '@nestjs/swagger';
import { ERROR_CATALOGUE, ErrorCode, problemType } from 'src/platform/errors/error-catalogue';
import { ProblemDetailsDto } from 'src/platform/openapi/problem-details.dto';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

type ProblemKind =
  | 'BadRequest'
  | 'Unauthenticated'
  | 'Forbidden'
  | 'NotFound'
  | 'PayloadTooLarge'
  | 'UnsupportedMediaType'
  | 'RateLimited'
  | 'InternalError'
  | 'ServiceUnavailable';

const STATUS_OF: Record<ProblemKind, number> = {
  BadRequest: 400,
  Unauthenticated: 401,
  Forbidden: 403,
  NotFound: 404,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  RateLimited: 429,
  InternalError: 500,
  ServiceUnavailable: 503,
};

const REQUEST_ID = { description: 'The request id, also in the body', schema: { type: 'string' } };
const RETRY_AFTER = { description: 'Seconds to wait before retrying', schema: { type: 'integer' } };

const HEADERS_OF: Partial<Record<ProblemKind, HeadersObject>> = {
  Unauthenticated: {
    'WWW-Authenticate': {
      description: 'The scheme to authenticate with',
      schema: { type: 'string' },
    },
  },
  RateLimited: {
    'Retry-After': RETRY_AFTER,
    'RateLimit-Limit': { description: 'Requests allowed per window', schema: { type: 'integer' } },
    'RateLimit-Remaining': {
      description: 'Requests left in the window',
      schema: { type: 'integer' },
    },
    'RateLimit-Reset': {
      description: 'Seconds until the window resets',
      schema: { type: 'integer' },
    },
  },
  ServiceUnavailable: { 'Retry-After': RETRY_AFTER },
};

/**
 * Which problems an operation can answer with, decided here for every route rather than
 * declared controller by controller:
 * - 400 when it takes parameters or a body (validation), 413 and 415 when it takes a body;
 * - 401 and 403 when it declares security;
 * - 404 when its path has parameters (someone else's id answers 404 too);
 * - 429 and 503 on API routes: all are rate-limited and may reach the database (probes are
 *   neither: readiness declares its own 503);
 * - 500 everywhere.
 */
function problemsOf(
  path: string,
  operation: OperationObject,
  document: OpenAPIObject,
): ProblemKind[] {
  const parameters = (operation.parameters ?? []).filter(
    (parameter): parameter is ParameterObject => 'in' in parameter,
  );
  const hasBody = operation.requestBody !== undefined;
  const secured = (operation.security ?? document.security ?? []).some(
    (requirement) => Object.keys(requirement).length > 0,
  );
  const kinds: ProblemKind[] = [];
  if (parameters.length > 0 || hasBody) kinds.push('BadRequest');
  if (secured) kinds.push('Unauthenticated', 'Forbidden');
  if (parameters.some((parameter) => parameter.in === 'path')) kinds.push('NotFound');
  if (hasBody) kinds.push('PayloadTooLarge', 'UnsupportedMediaType');
  if (path.startsWith('/api/')) kinds.push('RateLimited', 'ServiceUnavailable');
  kinds.push('InternalError');
  return kinds;
}

/**
 * Lists the possible problem responses of every operation as references to shared
 * `components.responses` (only those some operation uses), and gives the error responses a
 * controller declared itself the `application/problem+json` content type the filter sends.
 */
export function documentProblemResponses(document: OpenAPIObject): OpenAPIObject {
  const used = new Set<ProblemKind>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of operationsOf(item)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400 && response && !('$ref' in response)) asProblem(response);
      }
      for (const kind of problemsOf(path, operation, document)) {
        const status = String(STATUS_OF[kind]);
        if (operation.responses[status]) continue;
        operation.responses[status] = { $ref: `#/components/responses/${kind}` };
        used.add(kind);
      }
      operation.responses = sortedByStatus(operation.responses);
    }
  }
  const components = (document.components ??= {});
  components.responses ??= {};
  for (const kind of [...used].sort((a, b) => STATUS_OF[a] - STATUS_OF[b])) {
    components.responses[kind] = problemResponse(kind);
  }
  return document;
}

function operationsOf(item: OpenAPIObject['paths'][string]): OperationObject[] {
  const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
  return methods.flatMap((method) => (item[method] ? [item[method]] : []));
}

function asProblem(response: ResponseObject): void {
  const schema = Object.values(response.content ?? {})[0]?.schema ?? {
    $ref: getSchemaPath(ProblemDetailsDto),
  };
  response.content = { [PROBLEM_CONTENT_TYPE]: { schema } };
  response.headers = { 'X-Request-Id': REQUEST_ID, ...response.headers };
}

function problemResponse(kind: ProblemKind): ResponseObject {
  const status = STATUS_OF[kind];
  const codes = codesWithStatus(status);
  const [first] = codes;
  const { title } = ERROR_CATALOGUE[first];
  return {
    description: `${title}. Codes: ${codes.map((code) => `\`${code}\``).join(', ')}.`,
    headers: { 'X-Request-Id': REQUEST_ID, ...HEADERS_OF[kind] },
    content: {
      [PROBLEM_CONTENT_TYPE]: {
        schema: { $ref: getSchemaPath(ProblemDetailsDto) },
        example: {
          type: problemType(first),
          title,
          status,
          detail: title,
          instance: '/api/v1/expenses',
          code: first,
          requestId: '7f1c2d0e-5b7a-4c1e-9d3b-2a8f6e4c1b90',
        },
      },
    },
  };
}

/** The catalogue's codes for a status, the most specific (VALIDATION_FAILED) first. */
function codesWithStatus(status: number): [ErrorCode, ...ErrorCode[]] {
  const codes = (Object.keys(ERROR_CATALOGUE) as ErrorCode[]).filter(
    (code) => ERROR_CATALOGUE[code].status === status,
  );
  if (codes.length === 0) throw new Error(`No error code has status ${status}`);
  const first = codes.includes('VALIDATION_FAILED') ? 'VALIDATION_FAILED' : codes[0];
  return [first, ...codes.filter((code) => code !== first)] as [ErrorCode, ...ErrorCode[]];
}

function sortedByStatus(responses: OperationObject['responses']): OperationObject['responses'] {
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}
