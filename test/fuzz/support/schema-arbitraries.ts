import fc from 'fast-check';
import { ref } from 'test/fuzz/support/context-ref';
import { OpenApiDocument, Schema, UnsupportedConstruct } from 'test/fuzz/support/operations';

/** Keywords the generators understand; anything else in a schema fails the run. */
const KNOWN_KEYWORDS = new Set([
  'type',
  'properties',
  'required',
  'items',
  'enum',
  'format',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'uniqueItems',
  'nullable',
  'default',
  'example',
  'description',
  'title',
  'allOf',
  '$ref',
  'readOnly',
  'writeOnly',
  'deprecated',
]);
const KNOWN_FORMATS = new Set([undefined, 'uuid', 'date', 'date-time', 'email', 'binary']);

export const day = fc
  .date({
    min: new Date('2019-01-01T00:00:00Z'),
    max: new Date('2031-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString().slice(0, 10));
export const instant = fc
  .date({
    min: new Date('2020-01-01T00:00:00Z'),
    max: new Date('2035-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString());
export const month = day.map((date) => date.slice(0, 7));
export const decimal = fc
  .tuple(
    fc.integer({ min: 0, max: 100_000 }),
    fc.constantFrom('', '', '.5', '.50', '.05', '.01', '.999'),
  )
  .map(([units, fraction]) => `${units}${fraction}`);
/** The base currency most of the time, so that amounts and rates pass its own rules. */
const CURRENCIES = ['EUR', 'EUR', 'EUR', 'USD', 'JPY', 'KWD', 'GBP', 'CHF'];
const ABSENT = Symbol('absent');
const CSV_COLUMNS = ['Date', 'Amount', 'Currency', 'Payee', 'Category', 'Note'];

export interface SchemaHints {
  /** The scopes an API key may be granted (from the API itself). */
  scopes: string[];
}

/**
 * Valid values for the schemas of an OpenAPI document, biased by property name towards what
 * gets past the API's own checks (one of the caller's categories, a decimal amount, a date), so
 * that generated requests reach the services and the database, not only the validation pipe.
 */
export class SchemaArbitraries {
  constructor(
    private readonly document: OpenApiDocument,
    private readonly hints: SchemaHints,
  ) {}

  /** The schema behind `$ref` and single-element `allOf`, checked for supported keywords. */
  resolve(schema: Schema, where: string): Schema {
    let current = schema;
    for (let hops = 0; hops < 10; hops++) {
      if (typeof current.$ref === 'string') {
        const name = current.$ref.replace('#/components/schemas/', '');
        const target = this.document.components.schemas[name];
        if (!target) throw new UnsupportedConstruct(`${where}: $ref ${current.$ref}`);
        current = target;
        continue;
      }
      if (Array.isArray(current.allOf)) {
        if (current.allOf.length !== 1) throw new UnsupportedConstruct(`${where}: allOf of many`);
        current = current.allOf[0] as Schema;
        continue;
      }
      break;
    }
    for (const keyword of Object.keys(current)) {
      if (!KNOWN_KEYWORDS.has(keyword)) throw new UnsupportedConstruct(`${where}: ${keyword}`);
    }
    if (!KNOWN_FORMATS.has(current.format as string | undefined)) {
      throw new UnsupportedConstruct(`${where}: format ${String(current.format)}`);
    }
    if (current.type === undefined && current.enum === undefined) {
      throw new UnsupportedConstruct(`${where}: schema without a type`);
    }
    return current;
  }

  /** Checks every schema reachable from `schema` (fails the run on an unsupported one). */
  assertSupported(schema: Schema, where: string, depth = 0): void {
    if (depth > 20) throw new UnsupportedConstruct(`${where}: recursive schema`);
    const resolved = this.resolve(schema, where);
    for (const [name, property] of Object.entries(
      (resolved.properties ?? {}) as Record<string, Schema>,
    )) {
      this.assertSupported(property, `${where}.${name}`, depth + 1);
    }
    if (resolved.items) this.assertSupported(resolved.items as Schema, `${where}[]`, depth + 1);
  }

  valid(schema: Schema, where: string, name?: string): fc.Arbitrary<unknown> {
    const resolved = this.resolve(schema, where);
    const base = this.byType(resolved, where, name);
    return resolved.nullable === true
      ? fc.oneof({ weight: 4, arbitrary: base }, { weight: 1, arbitrary: fc.constant(null) })
      : base;
  }

  private byType(schema: Schema, where: string, name: string | undefined): fc.Arbitrary<unknown> {
    if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
    switch (schema.type) {
      case 'object':
        return this.object(schema, where);
      case 'array':
        return this.array(schema, where, name);
      case 'string':
        return this.string(schema, name);
      case 'number':
      case 'integer':
        return this.number(schema);
      case 'boolean':
        return fc.boolean();
      default:
        throw new UnsupportedConstruct(`${where}: type ${String(schema.type)}`);
    }
  }

  private object(schema: Schema, where: string): fc.Arbitrary<unknown> {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const required = (schema.required ?? []) as string[];
    const model = Object.fromEntries(
      Object.entries(properties).map(([key, property]) => [
        key,
        this.valid(property, `${where}.${key}`, key),
      ]),
    );
    // Each optional property in two cases out of five: a valid body with every optional
    // field set rarely passes the API's cross-field rules (a rate only in a foreign currency).
    const optional = Object.fromEntries(
      Object.entries(model).map(([key, arbitrary]) => [
        key,
        required.includes(key)
          ? arbitrary
          : fc.oneof({ weight: 3, arbitrary: fc.constant(ABSENT) }, { weight: 2, arbitrary }),
      ]),
    );
    return fc
      .record(optional)
      .map((value) =>
        Object.fromEntries(Object.entries(value).filter(([, item]) => item !== ABSENT)),
      );
  }

  private array(schema: Schema, where: string, name: string | undefined): fc.Arbitrary<unknown> {
    const minLength = (schema.minItems as number | undefined) ?? 0;
    const maxLength = Math.min((schema.maxItems as number | undefined) ?? 5, minLength + 5);
    let items: fc.Arbitrary<unknown>;
    if (name === 'scopes' && this.hints.scopes.length > 0)
      items = fc.constantFrom(...this.hints.scopes);
    else if (name === 'tags')
      items = fc.constantFrom('coffee', 'work trip', 'Food', ' spaced ', 'ä', 'x'.repeat(32));
    else items = this.valid(schema.items as Schema, `${where}[]`);
    return schema.uniqueItems === true
      ? fc.uniqueArray(items, { minLength, maxLength, selector: (item) => JSON.stringify(item) })
      : fc.array(items, { minLength, maxLength });
  }

  private number(schema: Schema): fc.Arbitrary<unknown> {
    const min = (schema.minimum as number | undefined) ?? -1000;
    const max = (schema.maximum as number | undefined) ?? Math.max(min + 1000, 1000);
    return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  }

  private string(schema: Schema, name: string | undefined): fc.Arbitrary<unknown> {
    return this.hinted(schema, name) ?? this.plainString(schema);
  }

  private plainString(schema: Schema): fc.Arbitrary<string> {
    switch (schema.format) {
      case 'uuid':
        return fc.uuid();
      case 'date':
        return day;
      case 'date-time':
        return instant;
      case 'email':
        return fc
          .emailAddress()
          .filter((email) => email.length <= ((schema.maxLength as number) ?? 254));
      case 'binary':
        return csvFile;
      default: {
        const minLength = (schema.minLength as number | undefined) ?? 0;
        const maxLength = Math.min((schema.maxLength as number | undefined) ?? 40, minLength + 40);
        return fc.string({ minLength, maxLength, unit: 'grapheme' });
      }
    }
  }

  /** What a property of this name holds in this API, when its schema alone does not say. */
  private hinted(schema: Schema, name: string | undefined): fc.Arbitrary<unknown> | undefined {
    const dateTime = schema.format === 'date-time';
    switch (name) {
      case 'email':
      case 'username':
        return fc.oneof(
          { weight: 3, arbitrary: ref('email') },
          { weight: 1, arbitrary: fc.emailAddress() },
        );
      case 'password':
      case 'currentPassword':
        return ref('password');
      case 'newPassword':
        return strongPassword;
      case 'refreshToken':
      case 'refresh_token':
        return ref('refreshToken');
      case 'categoryId':
      case 'defaultCategoryId':
        return ref('categoryId');
      case 'parentId':
        return ref('topCategoryId');
      case 'subjectUserId':
      case 'actorId':
      case 'resourceId':
        return ref('userId');
      case 'currency':
      case 'baseCurrency':
        return fc.constantFrom(...CURRENCIES);
      case 'amount':
      case 'fxRate':
        return decimal;
      // Bounds that are mostly in order, so that a filtered list is served.
      case 'minAmount':
        return fc.constantFrom('0.01', '1', '10.50', '99');
      case 'maxAmount':
        return fc.constantFrom('100', '1000.00', '99999.99');
      case 'date':
      case 'startDate':
      case 'endDate':
        return day;
      case 'from':
        return dateTime
          ? instant.map((at) => at.replace(/^\d{4}/, '2021'))
          : fc.constantFrom('2019-01-01', '2026-01-01', '2026-02-28');
      case 'to':
        return dateTime
          ? instant.map((at) => at.replace(/^\d{4}/, '2034'))
          : fc.constantFrom('2026-03-31', '2026-12-31', '2031-12-31');
      case 'expiresAt':
        return instant.map((at) => at.replace(/^\d{4}/, '2040'));
      case 'startMonth':
      case 'endMonth':
      case 'month':
      case 'activeIn':
        return month;
      case 'cursor':
        return ref('cursor');
      case 'dateColumn':
        return fc.constant('Date');
      case 'amountColumn':
        return fc.constant('Amount');
      case 'currencyColumn':
        return fc.constant('Currency');
      case 'payeeColumn':
        return fc.constant('Payee');
      case 'categoryColumn':
        return fc.constant('Category');
      case 'noteColumn':
        return fc.constant('Note');
      case 'tag':
        return fc.constantFrom('coffee', 'fuzz', 'work trip');
      case 'action':
        return fc.constantFrom('auth.*', 'auth.login', 'expense.created', '*');
      default:
        return undefined;
    }
  }
}

const strongPassword = fc
  .tuple(fc.constantFrom('orchid', 'lantern', 'quartz'), fc.string({ minLength: 8, maxLength: 20 }))
  .map(([word, rest]) => `${word}-${rest}-harbour-7`);

/** Cursors that look like the API's (base64url JSON of a sort key), and junk. */
export const badCursor: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(fc.oneof(instant, day, fc.uuid(), decimal, fc.constant(null), fc.integer()), {
      maxLength: 4,
    })
    .map((key) => Buffer.from(JSON.stringify(key)).toString('base64url')),
  fc
    .jsonValue({ maxDepth: 3 })
    .map((value) => Buffer.from(JSON.stringify(value)).toString('base64url')),
  fc.string({ maxLength: 30 }).map((text) => Buffer.from(text).toString('base64url')),
  fc.string({ maxLength: 30 }),
);

const csvRow = fc
  .tuple(
    fc.oneof(
      { weight: 9, arbitrary: day },
      fc.constantFrom('2026-02-30', '31/12/2026', '', 'yesterday'),
    ),
    fc.oneof(
      { weight: 9, arbitrary: fc.constantFrom('12.50', '3', '0.99', '1000.00') },
      fc.constantFrom('-5.00', 'abc', '', '1e5', '12,50'),
    ),
    fc.constantFrom('EUR', 'EUR', 'EUR', 'USD', '', 'eur', 'ZZZ'),
    fc.string({ maxLength: 12 }),
    fc.constantFrom('', '', 'Nope'),
    fc.string({ maxLength: 12 }),
  )
  .map((cells) =>
    cells.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(','),
  );

/** A CSV file with the column names the import's column hints use. */
export const csvFile: fc.Arbitrary<string> = fc
  .array(csvRow, { minLength: 0, maxLength: 6 })
  .map((rows) => [CSV_COLUMNS.join(','), ...rows].join('\n') + '\n');
