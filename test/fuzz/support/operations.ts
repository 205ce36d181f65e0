/** The operations of an OpenAPI 3.0 document, in the terms the fuzzer needs. */

export type Schema = Record<string, unknown>;

export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, Schema> };
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

/** Who the operation is for, from its security requirements and Ledgerline's extensions. */
export type Audience =
  { kind: 'public' } | { kind: 'user'; scopes: string[]; apiKey: boolean } | { kind: 'admin' };

export interface Operation {
  /** `POST /api/v1/expenses`, as the document spells the path. */
  key: string;
  method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  parameters: Parameter[];
  /** Media type → schema; empty when the operation takes no body. */
  body: Record<string, Schema>;
  bodyRequired: boolean;
  audience: Audience;
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

/** Thrown for a document construct the fuzzer has no generator for: never skipped silently. */
export class UnsupportedConstruct extends Error {}

export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) =>
      toOperation(path, method, item[method] as Record<string, unknown>),
    ),
  );
}

function toOperation(path: string, method: string, raw: Record<string, unknown>): Operation {
  const key = `${method.toUpperCase()} ${path}`;
  const parameters = ((raw.parameters ?? []) as Record<string, unknown>[]).map((parameter) => {
    if (parameter.$ref) throw new UnsupportedConstruct(`${key}: parameter $ref`);
    if (!['path', 'query', 'header'].includes(parameter.in as string)) {
      throw new UnsupportedConstruct(`${key}: parameter in ${String(parameter.in)}`);
    }
    return {
      name: parameter.name as string,
      in: parameter.in as Parameter['in'],
      required: parameter.required === true,
      schema: (parameter.schema ?? {}) as Schema,
    };
  });
  for (const name of path.match(/\{[^}]+\}/g) ?? []) {
    if (!parameters.some((p) => p.in === 'path' && `{${p.name}}` === name)) {
      throw new UnsupportedConstruct(`${key}: path parameter ${name} is not declared`);
    }
  }
  const requestBody = raw.requestBody as
    | { content?: Record<string, { schema?: Schema }>; required?: boolean; $ref?: string }
    | undefined;
  if (requestBody?.$ref) throw new UnsupportedConstruct(`${key}: requestBody $ref`);
  const body = Object.fromEntries(
    Object.entries(requestBody?.content ?? {}).map(([type, media]) => [type, media.schema ?? {}]),
  );
  return {
    key,
    method: method.toUpperCase() as Operation['method'],
    path,
    parameters,
    body,
    bodyRequired: requestBody?.required === true,
    audience: audienceOf(key, raw),
  };
}

function audienceOf(key: string, raw: Record<string, unknown>): Audience {
  const security = raw.security as Record<string, string[]>[] | undefined;
  if (!security || security.length === 0) return { kind: 'public' };
  const schemes = security.flatMap((requirement) => Object.keys(requirement));
  const unknown = schemes.filter((scheme) => !['bearer', 'oauth2', 'apiKey'].includes(scheme));
  if (unknown.length > 0)
    throw new UnsupportedConstruct(`${key}: security scheme ${unknown.join(', ')}`);
  const roles = (raw['x-required-roles'] ?? []) as string[];
  if (roles.includes('admin')) return { kind: 'admin' };
  if (roles.length > 0) throw new UnsupportedConstruct(`${key}: roles ${roles.join(', ')}`);
  return {
    kind: 'user',
    scopes: (raw['x-required-scopes'] ?? []) as string[],
    apiKey: schemes.includes('apiKey'),
  };
}
