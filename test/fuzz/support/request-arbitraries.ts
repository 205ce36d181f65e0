import fc from 'fast-check';
import { ContextRef, ref } from 'test/fuzz/support/context-ref';
import {
  deepNesting,
  hugeString,
  RawJson,
  strangeValue,
  taintedString,
  trickyStrings,
} from 'test/fuzz/support/nasty-values';
import { Operation, Parameter, UnsupportedConstruct } from 'test/fuzz/support/operations';
import { badCursor, csvFile, SchemaArbitraries } from 'test/fuzz/support/schema-arbitraries';

/** Sent as is (already percent-encoded), e.g. a malformed escape. */
export interface Raw {
  raw: string;
}
export type PathValue = string | ContextRef | Raw;
export type QueryValue = string | ContextRef | Raw;

export type BodySpec =
  | { kind: 'none' }
  /** A JSON value (RawJson leaves spliced in as text), sent with this content type. */
  | { kind: 'json'; value: unknown; contentType: string | null }
  | { kind: 'form'; fields: [string, unknown][]; contentType: string | null }
  /** Bytes that are not what they claim to be; `latin1` makes every char one byte. */
  | { kind: 'text'; text: string; contentType: string | null; latin1?: boolean };

/** `intended key`: an API key with the operation's scopes where it takes one, else as `intended`. */
export type Caller = 'intended' | 'intended key' | 'anonymous' | 'garbage token';

export interface FuzzCase {
  /** Which generator made the case: `valid`, or the mutation. */
  label: string;
  caller: Caller;
  path: Record<string, PathValue>;
  query: [string, QueryValue][];
  headers: [string, string | ContextRef][];
  body: BodySpec;
}

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';
const CSV_TYPE = 'text/csv';

const WRONG_CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=fuzz',
  'application/json; charset=utf-16',
  'application/jsonx',
  'application/vnd.api+json',
  '*/*',
  'json',
  ';;;',
];

const MALFORMED_JSON = [
  '',
  '{',
  '{"a":1,}',
  "{'a':1}",
  '{"a":01}',
  'nul',
  '[1,2',
  '\u0000',
  '{"a":"\\ud800"}',
  '{"a":"\\x41"}',
  '{"a":1}{"b":2}',
  '\ufeff{}',
  'NaN',
];

/** Raw path segments and query values: escapes that do not decode, NUL, too long. */
const RAW_GARBAGE: fc.Arbitrary<Raw> = fc
  .oneof(
    fc.constantFrom(
      '%ZZ',
      '%',
      '%0',
      '%00',
      '%2F',
      '%2e%2e',
      '%ED%A0%80',
      '%C0%AF',
      '%FF',
      '%E2%82',
    ),
    fc.constantFrom(101, 2_000, 20_000).map((length) => 'a'.repeat(length)),
  )
  .map((raw) => ({ raw }));

/**
 * Requests for one operation: valid ones (past authentication and validation, into the
 * services) and ones broken in one place, in the path, the query, the headers or the body.
 */
export class RequestArbitraries {
  constructor(private readonly schemas: SchemaArbitraries) {}

  forOperation(operation: Operation): fc.Arbitrary<FuzzCase> {
    this.check(operation);
    const valid = fc.record({
      path: this.validPath(operation),
      query: this.validQuery(operation),
      headers: this.validHeaders(operation),
      body: this.validBody(operation),
    });
    const caller = fc.constantFrom<Caller>(
      ...Array<Caller>(12).fill('intended'),
      ...Array<Caller>(6).fill('intended key'),
      'anonymous',
      'garbage token',
    );
    const mutated = fc
      .tuple(valid, this.mutation(operation))
      .map(([request, [label, mutate]]) => ({ ...mutate(request), label }));
    return fc
      .tuple(
        caller,
        fc.oneof(
          { weight: 2, arbitrary: valid.map((request) => ({ ...request, label: 'valid' })) },
          { weight: 5, arbitrary: mutated },
        ),
      )
      .map(([who, request]) => ({ ...request, caller: who }));
  }

  /** Fails for a construct with no generator, before any request is sent. */
  private check(operation: Operation): void {
    for (const parameter of operation.parameters) {
      this.schemas.assertSupported(
        parameter.schema,
        `${operation.key} ${parameter.in} ${parameter.name}`,
      );
    }
    for (const [type, schema] of Object.entries(operation.body)) {
      if (![JSON_TYPE, FORM_TYPE, CSV_TYPE].includes(type)) {
        throw new UnsupportedConstruct(`${operation.key}: request body of type ${type}`);
      }
      this.schemas.assertSupported(schema, `${operation.key} body`);
    }
  }

  private validPath(operation: Operation): fc.Arbitrary<Record<string, PathValue>> {
    const model: Record<string, fc.Arbitrary<PathValue>> = {};
    for (const parameter of operation.parameters.filter((p) => p.in === 'path')) {
      model[parameter.name] = fc.oneof(
        { weight: 6, arbitrary: ref('ownedId') },
        { weight: 1, arbitrary: fc.uuid() },
      );
    }
    return fc.record(model);
  }

  private validQuery(operation: Operation): fc.Arbitrary<[string, QueryValue][]> {
    const params = operation.parameters.filter((p) => p.in === 'query');
    const model = Object.fromEntries(
      params.map((p) => [p.name, this.validParameter(operation, p)]),
    );
    return fc
      .record(model, { requiredKeys: params.filter((p) => p.required).map((p) => p.name) })
      .map((values) => Object.entries(values));
  }

  private validParameter(operation: Operation, parameter: Parameter): fc.Arbitrary<QueryValue> {
    const schema = this.schemas.resolve(parameter.schema, `${operation.key} ${parameter.name}`);
    return this.schemas
      .valid(schema, `${operation.key} ${parameter.name}`, parameter.name)
      .map((value) => (value instanceof ContextRef ? value : String(value)));
  }

  private validHeaders(operation: Operation): fc.Arbitrary<[string, string | ContextRef][]> {
    const params = operation.parameters.filter((p) => p.in === 'header');
    const model = Object.fromEntries(
      params.map((p): [string, fc.Arbitrary<string | ContextRef>] => {
        if (p.name.toLowerCase() === 'if-match') {
          return [p.name, fc.oneof({ weight: 3, arbitrary: ref('etag') }, fc.constant('*'))];
        }
        if (p.name.toLowerCase() === 'idempotency-key') {
          return [
            p.name,
            fc.oneof(
              fc.uuid(),
              fc.string({ minLength: 1, maxLength: 40, unit: 'binary-ascii' }).map(printable),
            ),
          ];
        }
        return [
          p.name,
          fc.string({ minLength: 1, maxLength: 40, unit: 'binary-ascii' }).map(printable),
        ];
      }),
    );
    return fc
      .record(model, { requiredKeys: params.filter((p) => p.required).map((p) => p.name) })
      .map((values) => Object.entries(values));
  }

  private validBody(operation: Operation): fc.Arbitrary<BodySpec> {
    const [type, schema] = Object.entries(operation.body)[0] ?? [];
    if (!type || !schema) return fc.constant<BodySpec>({ kind: 'none' });
    if (type === CSV_TYPE)
      return csvFile.map((text) => ({ kind: 'text', text, contentType: CSV_TYPE }));
    const value = this.schemas.valid(schema, `${operation.key} body`);
    if (type === FORM_TYPE) {
      return value.map((fields) => ({
        kind: 'form',
        fields: Object.entries(fields as object),
        contentType: FORM_TYPE,
      }));
    }
    return value.map((json) => ({ kind: 'json', value: json, contentType: JSON_TYPE }));
  }

  /** One way to break a valid request, with its name. */
  private mutation(
    operation: Operation,
  ): fc.Arbitrary<
    [string, (request: Omit<FuzzCase, 'label' | 'caller'>) => Omit<FuzzCase, 'label' | 'caller'>]
  > {
    type Mutate = (
      request: Omit<FuzzCase, 'label' | 'caller'>,
    ) => Omit<FuzzCase, 'label' | 'caller'>;
    const options: fc.Arbitrary<[string, Mutate]>[] = [];
    const pathParams = operation.parameters.filter((p) => p.in === 'path');
    if (pathParams.length > 0) {
      options.push(
        fc
          .tuple(
            fc.constantFrom(...pathParams.map((p) => p.name)),
            fc.oneof(
              RAW_GARBAGE,
              trickyStrings,
              taintedString(),
              fc.string({ maxLength: 40, unit: 'binary' }),
            ),
          )
          .map(([name, value]): [string, Mutate] => [
            `path ${name}: ${summarise(value)}`,
            (request) => ({ ...request, path: { ...request.path, [name]: value } }),
          ]),
      );
    }
    const queryParams = operation.parameters.filter((p) => p.in === 'query');
    if (queryParams.length > 0) options.push(this.queryMutation(queryParams));
    options.push(
      fc
        .tuple(
          fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme-ascii' }),
          fc.oneof(trickyStrings, fc.string({ maxLength: 10 })),
        )
        .map(([name, value]): [string, Mutate] => [
          `query: unknown ${name}`,
          (request) => ({ ...request, query: [...request.query, [name, value]] }),
        ]),
    );
    const headerParams = operation.parameters.filter((p) => p.in === 'header');
    if (headerParams.length > 0) {
      options.push(
        fc
          .tuple(
            fc.constantFrom(...headerParams.map((p) => p.name)),
            fc.oneof(
              fc.constant(undefined),
              fc.constantFrom(
                '',
                'W/"999999"',
                'W/"0"',
                '"1"',
                'W/"-1"',
                'W/"1e3"',
                'W/"99999999999999999999"',
                'garbage',
                'W/',
                '*, W/"1"',
              ),
              fc.constant('k'.repeat(8_000)),
            ),
          )
          .map(([name, value]): [string, Mutate] => [
            `header ${name}: ${value === undefined ? 'missing' : summarise(value)}`,
            (request) => ({
              ...request,
              headers: [
                ...request.headers.filter(([key]) => key !== name),
                ...(value === undefined ? [] : [[name, value] as [string, string]]),
              ],
            }),
          ]),
      );
    }
    // Most of what can be wrong with a request is in its body, where there is one.
    const bodyWeight = Object.keys(operation.body).length > 0 ? options.length + 1 : 1;
    return fc.oneof(...options.map((arbitrary) => ({ weight: 1, arbitrary })), {
      weight: bodyWeight,
      arbitrary: this.bodyMutation(operation),
    });
  }

  private queryMutation(params: Parameter[]) {
    type Mutate = (
      request: Omit<FuzzCase, 'label' | 'caller'>,
    ) => Omit<FuzzCase, 'label' | 'caller'>;
    const required = params.filter((p) => p.required).map((p) => p.name);
    const badValue = fc.oneof(
      trickyStrings,
      taintedString().map((text): QueryValue => ({ raw: encodeLoose(text) })),
      RAW_GARBAGE,
      hugeString.map((text) => text.slice(0, 20_000)),
      fc.string({ maxLength: 20, unit: 'binary' }),
      badCursor,
    );
    const options: fc.Arbitrary<[string, Mutate]>[] = [
      fc
        .tuple(fc.constantFrom(...params.map((p) => p.name)), badValue)
        .map(([name, value]): [string, Mutate] => [
          `query ${name}: ${summarise(value)}`,
          (request) => ({
            ...request,
            query: [...request.query.filter(([key]) => key !== name), [name, value]],
          }),
        ]),
      fc
        .tuple(
          fc.constantFrom(...params.map((p) => p.name)),
          fc.array(badValue, { minLength: 1, maxLength: 3 }),
        )
        .map(([name, values]): [string, Mutate] => [
          `query ${name} repeated`,
          (request) => ({
            ...request,
            query: [
              ...request.query,
              ...values.map((value): [string, QueryValue] => [name, value]),
            ],
          }),
        ]),
    ];
    if (required.length > 0) {
      options.push(
        fc
          .constantFrom(...required)
          .map((name): [string, Mutate] => [
            `query ${name}: missing`,
            (request) => ({ ...request, query: request.query.filter(([key]) => key !== name) }),
          ]),
      );
    }
    return fc.oneof(...options);
  }

  private bodyMutation(operation: Operation) {
    type Mutate = (
      request: Omit<FuzzCase, 'label' | 'caller'>,
    ) => Omit<FuzzCase, 'label' | 'caller'>;
    const withBody = (label: string, body: BodySpec): [string, Mutate] => [
      label,
      (request) => ({ ...request, body }),
    ];
    const wholeBody: fc.Arbitrary<[string, Mutate]>[] = [
      fc.constantFrom(...MALFORMED_JSON).map((text) =>
        withBody(`body: malformed JSON ${JSON.stringify(text)}`, {
          kind: 'text',
          text,
          contentType: JSON_TYPE,
        }),
      ),
      fc.constantFrom<unknown>(null, [], [{}], 0, 'text', true, {}).map((value) =>
        withBody(`body: JSON ${JSON.stringify(value)}`, {
          kind: 'json',
          value,
          contentType: JSON_TYPE,
        }),
      ),
      deepNesting.map((value) =>
        withBody(`body: ${value.label}`, { kind: 'json', value, contentType: JSON_TYPE }),
      ),
      fc.constant(
        withBody('body: over the size limit', {
          kind: 'text',
          text: `{"a":"${'x'.repeat(1_100_000)}"}`,
          contentType: JSON_TYPE,
        }),
      ),
      fc
        .constantFrom('\xff\xfe{}', '{"a":"\xc3\x28"}', '{"a":"\xed\xa0\x80"}', '\xef\xbb\xbf{}')
        .map((text) =>
          withBody('body: bytes that are not UTF-8', {
            kind: 'text',
            text,
            contentType: JSON_TYPE,
            latin1: true,
          }),
        ),
    ];
    const [type, schema] = Object.entries(operation.body)[0] ?? [];
    if (!type || !schema) {
      wholeBody.push(
        fc.constantFrom(...WRONG_CONTENT_TYPES, JSON_TYPE).map((contentType) =>
          withBody(`body where none is taken (${contentType})`, {
            kind: 'text',
            text: '{"a":1}',
            contentType,
          }),
        ),
      );
      return fc.oneof(...wholeBody);
    }
    if (type === CSV_TYPE) {
      wholeBody.push(
        fc
          .tuple(csvFile, taintedString())
          .map(([text, poison]) =>
            withBody('csv: tainted', { kind: 'text', text: text + poison, contentType: CSV_TYPE }),
          ),
        fc
          .constantFrom(
            '',
            '\n',
            '"',
            'Date,Amount\n"unclosed',
            'Date,Date\n1,2\n',
            `Date,Amount\n${'2026-01-01,1\n'.repeat(60_000)}`,
            '\ufeffDate,Amount\n2026-01-01,1\n',
          )
          .map((text) =>
            withBody(`csv: ${JSON.stringify(text.slice(0, 30))}`, {
              kind: 'text',
              text,
              contentType: CSV_TYPE,
            }),
          ),
        csvFile.map((text) =>
          withBody('csv: bytes that are not UTF-8', {
            kind: 'text',
            text: `${text}\xff\xfe,\xc3\x28\n`,
            contentType: CSV_TYPE,
            latin1: true,
          }),
        ),
      );
    }
    const valid = this.validBody(operation);
    // The right body under the wrong content type, or none.
    wholeBody.push(
      fc
        .tuple(valid, fc.constantFrom<string | null>(null, ...WRONG_CONTENT_TYPES))
        .map(([body, contentType]) =>
          withBody(`body under content type ${contentType ?? '(none)'}`, {
            ...body,
            contentType,
          } as BodySpec),
        ),
    );
    if (operation.bodyRequired)
      wholeBody.push(fc.constant(withBody('body: missing', { kind: 'none' })));
    if (type === CSV_TYPE) return fc.oneof(...wholeBody);

    const value = this.schemas.valid(schema, `${operation.key} body`);
    const structural = fc.tuple(
      value,
      fc.nat(),
      fc.oneof(
        { weight: 2, arbitrary: fc.constant<Edit>({ kind: 'remove' }) },
        { weight: 3, arbitrary: fc.constant<Edit>({ kind: 'null' }) },
        {
          weight: 3,
          arbitrary: strangeValue.map((replacement): Edit => ({ kind: 'replace', replacement })),
        },
        {
          weight: 2,
          arbitrary: taintedString().map((poison): Edit => ({ kind: 'taint', poison })),
        },
        fc
          .tuple(
            fc.oneof(
              fc.string({ minLength: 1, maxLength: 10 }),
              fc.constantFrom(
                '__proto__',
                'constructor',
                'toString',
                'valueOf',
                'hasOwnProperty',
                'id',
                'userId',
                'ownerId',
                'role',
                'version',
              ),
            ),
            strangeValue,
          )
          .map(([key, extra]): Edit => ({ kind: 'add', key, extra })),
      ),
    );
    const rebody = (request: Omit<FuzzCase, 'label' | 'caller'>, json: unknown) => {
      const body = request.body;
      if (body.kind === 'form') {
        const form: BodySpec =
          json && typeof json === 'object' && !Array.isArray(json)
            ? { ...body, fields: Object.entries(json) }
            : { kind: 'text', text: JSON.stringify(json) ?? '', contentType: body.contentType };
        return { ...request, body: form };
      }
      return { ...request, body: { kind: 'json', value: json, contentType: type } as BodySpec };
    };
    return fc.oneof(
      { weight: 1, arbitrary: fc.oneof(...wholeBody) },
      {
        weight: 3,
        arbitrary: structural.map(([json, at, edit]): [string, Mutate] => {
          const { value: edited, where } = applyEdit(json, at, edit);
          return [`body ${where}: ${describeEdit(edit)}`, (request) => rebody(request, edited)];
        }),
      },
      {
        weight: 1,
        arbitrary: value.map((json): [string, Mutate] => [
          'body: null everywhere',
          (request) => rebody(request, nullEverywhere(json)),
        ]),
      },
    );
  }
}

type Edit =
  | { kind: 'remove' }
  | { kind: 'null' }
  | { kind: 'replace'; replacement: unknown }
  | { kind: 'taint'; poison: string }
  | { kind: 'add'; key: string; extra: unknown };

/** Every node of a JSON value, as paths from the root. */
function nodePaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(value))
    return here.concat(...value.map((item, i) => nodePaths(item, [...prefix, i])));
  if (
    value &&
    typeof value === 'object' &&
    !(value instanceof ContextRef) &&
    !(value instanceof RawJson)
  ) {
    return here.concat(
      ...Object.entries(value).map(([key, item]) => nodePaths(item, [...prefix, key])),
    );
  }
  return here;
}

function applyEdit(root: unknown, at: number, edit: Edit): { value: unknown; where: string } {
  // A field or an item where there is one (the body as a whole has mutations of its own),
  // except for an extra field, which goes into any object.
  const all = nodePaths(root);
  const inner = all.filter((candidate) => candidate.length > 0);
  const paths = edit.kind === 'add' || inner.length === 0 ? all : inner;
  const path = paths[at % paths.length];
  const where = path.length === 0 ? '(root)' : path.join('.');
  const update = (node: unknown, depth: number): unknown => {
    if (depth === path.length) return editNode(node, edit);
    const key = path[depth];
    if (Array.isArray(node)) {
      const copy: unknown[] = [...(node as unknown[])];
      const next = update(copy[key as number], depth + 1);
      if (next === REMOVED) copy.splice(key as number, 1);
      else copy[key as number] = next;
      return copy;
    }
    const copy: Record<string, unknown> = { ...(node as Record<string, unknown>) };
    const next = update(copy[key], depth + 1);
    if (next === REMOVED) delete copy[key];
    else copy[key] = next;
    return copy;
  };
  const value = update(root, 0);
  return { value: value === REMOVED ? undefined : value, where };
}

const REMOVED = Symbol('removed');

function editNode(node: unknown, edit: Edit): unknown {
  switch (edit.kind) {
    case 'remove':
      return REMOVED;
    case 'null':
      return null;
    case 'replace':
      return edit.replacement;
    case 'taint':
      return typeof node === 'string' ? node + edit.poison : edit.poison;
    case 'add':
      if (
        node &&
        typeof node === 'object' &&
        !Array.isArray(node) &&
        !(node instanceof ContextRef)
      ) {
        const copy = { ...node };
        Object.defineProperty(copy, edit.key, {
          value: edit.extra,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        return copy;
      }
      return Array.isArray(node)
        ? [...(node as unknown[]), edit.extra]
        : { [edit.key]: edit.extra };
  }
}

function nullEverywhere(value: unknown): unknown {
  if (
    value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof ContextRef)
  ) {
    return Object.fromEntries(Object.keys(value).map((key) => [key, null]));
  }
  return null;
}

function describeEdit(edit: Edit): string {
  switch (edit.kind) {
    case 'remove':
      return 'removed';
    case 'null':
      return 'null';
    case 'replace':
      return `replaced by ${summarise(edit.replacement)}`;
    case 'taint':
      return `tainted with ${JSON.stringify(edit.poison)}`;
    case 'add':
      return `extra field ${JSON.stringify(edit.key)}`;
  }
}

/** A short human description of a value, for case labels. */
export function summarise(value: unknown): string {
  if (value instanceof RawJson) return value.label;
  if (value instanceof ContextRef) return `ctx.${value.name}`;
  if (value && typeof value === 'object' && 'raw' in value) {
    const raw = (value as Raw).raw;
    return `raw ${raw.length > 30 ? `${raw.slice(0, 10)}… (${raw.length} chars)` : raw}`;
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 30)}… (${text.length} chars)` : text;
}

/** encodeURIComponent that writes a lone surrogate as the bytes a careless client would. */
export function encodeLoose(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      out +=
        `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    } else {
      out += encodeURIComponent(char);
    }
  }
  return out;
}

function printable(text: string): string {
  return text.replace(/[^\x21-\x7e]/g, 'x');
}
