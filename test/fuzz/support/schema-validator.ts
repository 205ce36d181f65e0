import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { OpenApiDocument, Schema } from 'test/fuzz/support/operations';

/**
 * Says whether a value satisfies the document's own schema, as a client reading the document
 * would understand it. One reading is added: an object takes no property the document does
 * not list (the API rejects unknown fields, DESIGN.md), so an extra field is a violation.
 * OpenAPI 3.0's `nullable` is Ajv's own keyword; `binary` is any string.
 */
export class SchemaValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
  /** Query values are strings: a number or boolean parameter reads them as the API does. */
  private readonly coercing = new Ajv({ strict: false, coerceTypes: true, validateFormats: true });
  private readonly compiled = new Map<Schema, ValidateFunction>();
  private readonly compiledParameters = new Map<Schema, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    addFormats(this.ajv);
    addFormats(this.coercing);
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema(
      { $id: 'openapi', components: { schemas: closed(document.components.schemas) } },
      'openapi',
    );
  }

  /** The first violation of `value` against `schema` (a body or parameter schema), if any. */
  violation(schema: Schema, value: unknown): string | undefined {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile<unknown>(rebase(closed(schema)));
      this.compiled.set(schema, validate);
    }
    if (validate(value)) return undefined;
    const [first] = validate.errors ?? [];
    return first ? `${first.instancePath || '(body)'} ${first.message ?? ''}`.trim() : 'invalid';
  }

  /** The violation of a query value (a string, as sent) against its parameter's schema, if any. */
  parameterViolation(schema: Schema, value: string): string | undefined {
    let validate = this.compiledParameters.get(schema);
    if (!validate) {
      validate = this.coercing.compile({ type: 'object', properties: { value: schema } });
      this.compiledParameters.set(schema, validate);
    }
    if (validate({ value })) return undefined;
    return validate.errors?.[0]?.message ?? 'invalid';
  }
}

/** A copy in which every object schema without `additionalProperties` allows none. */
function closed<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(closed) as T;
  if (!schema || typeof schema !== 'object') return schema;
  const copy = Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === 'properties'
        ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, closed(v)]))
        : closed(value),
    ]),
  ) as Record<string, unknown>;
  if (copy.type === 'object' && copy.properties && !('additionalProperties' in copy)) {
    copy.additionalProperties = false;
  }
  return copy as T;
}

/** Local references of an operation's schema point into the registered document. */
function rebase<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(rebase) as T;
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' && value.startsWith('#/')
        ? `openapi${value}`
        : rebase(value),
    ]),
  ) as T;
}
