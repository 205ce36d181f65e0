import { Response as InjectResponse } from 'light-my-request';
import { containsRef, ContextName, ContextRef, resolveRefs } from 'test/fuzz/support/context-ref';
import { CaseContext, FuzzWorld } from 'test/fuzz/support/fuzz-world';
import { RawJson } from 'test/fuzz/support/nasty-values';
import { Operation } from 'test/fuzz/support/operations';
import { encodeLoose, FuzzCase, QueryValue } from 'test/fuzz/support/request-arbitraries';
import { SchemaValidator } from 'test/fuzz/support/schema-validator';

/** A request as sent, for the report. */
export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

export interface Outcome {
  request: SentRequest;
  response: InjectResponse;
  /** Why the request breaks the document's schema: `undefined` when it does not. */
  violation?: string;
  /** What the response got wrong, if anything. */
  failures: string[];
}

const NO_VIOLATION = undefined;
/** A part of the request whose validity the document does not settle (e.g. an undecodable escape). */
const UNDECIDED = Symbol('undecided');

/** Builds, sends and judges one case. */
export class FuzzRunner {
  constructor(
    private readonly world: FuzzWorld,
    private readonly validator: SchemaValidator,
  ) {}

  async run(operation: Operation, fuzzCase: FuzzCase): Promise<Outcome> {
    const context = await this.world.contextFor(operation, fuzzCase.caller);
    const request = await this.build(operation, fuzzCase, context);
    const response = await this.world.ctx.inject({
      method: request.method as 'GET',
      url: request.url,
      headers: request.headers,
      ...(request.payload === undefined ? {} : { payload: request.payload }),
    });
    this.world.settle(operation, response.statusCode);
    const violation = this.violation(operation, fuzzCase, context, request);
    return {
      request,
      response,
      violation: violation === UNDECIDED ? NO_VIOLATION : violation,
      failures: judge(response, violation === UNDECIDED ? NO_VIOLATION : violation),
    };
  }

  private async build(
    operation: Operation,
    fuzzCase: FuzzCase,
    context: CaseContext,
  ): Promise<SentRequest> {
    const values = context.values;
    let resourcePath: string | undefined;
    let path = operation.path;
    for (const [name, value] of Object.entries(fuzzCase.path)) {
      let segment: string;
      if (value instanceof ContextRef) {
        values.ownedId ??= await this.world.ownedId(operation, context);
        segment = values.ownedId;
      } else if (typeof value === 'string') segment = encodeLoose(value);
      else segment = value.raw;
      path = path.replace(`{${name}}`, segment);
    }
    if (values.ownedId)
      resourcePath = path.slice(0, path.indexOf(values.ownedId) + values.ownedId.length);

    const lookup = (name: ContextName): string => {
      const value = values[name];
      if (value === undefined) throw new Error(`no value for ctx.${name}`);
      return value;
    };
    if (fuzzCase.query.some(([, value]) => containsRef(value, 'cursor'))) {
      values.cursor = await this.world.cursor(operation.path, context);
    }
    if (fuzzCase.headers.some(([, value]) => containsRef(value, 'etag'))) {
      values.etag = resourcePath ? await this.world.etag(resourcePath, context) : '*';
    }

    const query = fuzzCase.query
      .map(([name, value]) => `${encodeURIComponent(name)}=${queryText(value, lookup)}`)
      .join('&');
    const headers: Record<string, string> = { ...context.headers };
    for (const [name, value] of fuzzCase.headers)
      headers[name.toLowerCase()] = value instanceof ContextRef ? lookup(value.name) : value;

    let payload: string | Buffer | undefined;
    const body = fuzzCase.body;
    if (body.kind !== 'none') {
      if (body.contentType !== null) headers['content-type'] = body.contentType;
      if (body.kind === 'json') payload = serialise(resolveRefs(body.value, lookup));
      else if (body.kind === 'form')
        payload = formText(body.fields.map(([key, value]) => [key, resolveRefs(value, lookup)]));
      else payload = body.latin1 ? Buffer.from(body.text, 'latin1') : body.text;
      // An absent body (undefined at the root) is sent as none at all.
      if (payload === undefined) delete headers['content-type'];
    }
    return { method: operation.method, url: query ? `${path}?${query}` : path, headers, payload };
  }

  /** Whether the request breaks the document, judged on what was sent. */
  private violation(
    operation: Operation,
    fuzzCase: FuzzCase,
    context: CaseContext,
    request: SentRequest,
  ): string | typeof UNDECIDED | undefined {
    const lookup = (name: ContextName) => context.values[name];
    // Query: required, unknown, repeated, and each value against its schema.
    const seen = new Map<string, (string | typeof UNDECIDED)[]>();
    for (const [name, value] of fuzzCase.query) {
      seen.set(name, [...(seen.get(name) ?? []), decodedQuery(value, lookup)]);
    }
    let undecided = false;
    for (const parameter of operation.parameters) {
      if (parameter.in === 'query') {
        const values = seen.get(parameter.name);
        if (!values) {
          if (parameter.required) return `query ${parameter.name} is required`;
          continue;
        }
        if (values.length > 1) return `query ${parameter.name} given ${values.length} times`;
        if (values[0] === UNDECIDED) {
          undecided = true;
          continue;
        }
        const problem = this.validator.parameterViolation(parameter.schema, values[0]);
        if (problem) return `query ${parameter.name}: ${problem}`;
      }
      if (
        parameter.in === 'header' &&
        parameter.required &&
        !(parameter.name.toLowerCase() in request.headers)
      ) {
        return `header ${parameter.name} is required`;
      }
    }
    // The document lists the parameters an operation reads without closing its query: an
    // unknown one may be refused or ignored.
    const known = (name: string) =>
      operation.parameters.some((p) => p.in === 'query' && p.name === name);
    if ([...seen.keys()].some((name) => !known(name))) undecided = true;

    const types = Object.keys(operation.body);
    if (request.payload === undefined) {
      if (operation.bodyRequired) return 'the body is required';
      return undecided ? UNDECIDED : NO_VIOLATION;
    }
    if (types.length === 0) return undecided ? UNDECIDED : NO_VIOLATION;
    const contentType = request.headers['content-type'];
    const essence = contentType?.split(';')[0].trim().toLowerCase();
    if (!essence || !types.includes(essence))
      return `content type ${contentType ?? '(none)'} is not one of ${types.join(', ')}`;
    const charset = /charset=([^;]+)/i
      .exec(contentType ?? '')?.[1]
      ?.trim()
      .toLowerCase();
    if (charset && charset !== 'utf-8') return UNDECIDED;
    // A parser may ignore a byte order mark (RFC 8259, section 8.1).
    const text = (
      Buffer.isBuffer(request.payload) ? request.payload.toString('utf8') : request.payload
    ).replace(/^\ufeff/, '');
    let parsed: unknown;
    if (essence === 'application/json') {
      try {
        parsed = JSON.parse(text);
      } catch {
        return 'the body is not JSON';
      }
    } else if (essence === 'application/x-www-form-urlencoded') {
      const fields: Record<string, string | string[]> = {};
      try {
        for (const pair of text.split('&').filter(Boolean)) {
          const [rawKey, rawValue = ''] = pair.split('=');
          const key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
          const value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
          const previous = fields[key];
          fields[key] = previous === undefined ? value : [previous, value].flat();
        }
      } catch {
        return UNDECIDED;
      }
      parsed = fields;
    } else parsed = text;
    const problem = this.validator.violation(operation.body[essence], parsed);
    if (problem) return `body ${problem}`;
    return undecided ? UNDECIDED : NO_VIOLATION;
  }
}

/** The properties every response must have. */
export function judge(response: InjectResponse, violation: string | undefined): string[] {
  const failures: string[] = [];
  const status = response.statusCode;
  if (status >= 500) failures.push(`answered ${status}`);
  if (status >= 400) {
    const type = response.headers['content-type'];
    if (typeof type !== 'string' || !type.startsWith('application/problem+json')) {
      failures.push(`a ${status} with content type ${String(type)}, not application/problem+json`);
    } else {
      let body: Record<string, unknown> | undefined;
      try {
        body = response.json<Record<string, unknown>>();
      } catch {
        failures.push(`a ${status} whose body is not JSON`);
      }
      if (body) {
        for (const field of ['type', 'title', 'code', 'requestId']) {
          if (typeof body[field] !== 'string') failures.push(`problem without a string ${field}`);
        }
        if (body.status !== status)
          failures.push(`problem status ${String(body.status)} on a ${status}`);
        if (body.requestId !== response.headers['x-request-id'])
          failures.push('problem requestId is not the X-Request-Id');
      }
    }
  }
  if (violation && status >= 200 && status < 300)
    failures.push(`${status} for input that breaks the document (${violation})`);
  return failures;
}

function queryText(value: QueryValue, lookup: (name: ContextName) => string): string {
  if (value instanceof ContextRef) return encodeURIComponent(lookup(value.name));
  if (typeof value === 'string') return encodeLoose(value);
  return value.raw;
}

function decodedQuery(
  value: QueryValue,
  lookup: (name: ContextName) => string | undefined,
): string | typeof UNDECIDED {
  if (value instanceof ContextRef) return lookup(value.name) ?? '';
  if (typeof value === 'string') {
    // A lone surrogate travels as bytes that are not UTF-8: what the server makes of them is its own.
    return /[\ud800-\udfff]/.test(value.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))
      ? UNDECIDED
      : value;
  }
  try {
    return decodeURIComponent(value.raw);
  } catch {
    return UNDECIDED;
  }
}

/** JSON text with RawJson leaves spliced in; `undefined` for an absent body. */
function serialise(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof RawJson) {
      raws.push(item.text);
      return `\u0001raw${raws.length - 1}\u0001`;
    }
    return item;
  });
  return text.replace(/"\\u0001raw(\d+)\\u0001"/g, (_, index: string) => raws[Number(index)]);
}

function formText(fields: [string, unknown][]): string {
  const pairs: string[] = [];
  for (const [key, value] of fields) {
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      const text =
        item instanceof RawJson
          ? item.text
          : typeof item === 'string'
            ? item
            : JSON.stringify(item);
      pairs.push(`${encodeLoose(key)}=${encodeLoose(text)}`);
    }
  }
  return pairs.join('&');
}
