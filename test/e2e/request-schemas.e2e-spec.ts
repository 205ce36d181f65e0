import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { Response as InjectResponse } from 'light-my-request';
import { newUser, strongPassword, TestUser, uniqueEmail } from 'test/support/auth';
import { call, categoriesOf, createExpense } from 'test/support/expenses-api';
import { createRecurringExpense } from 'test/support/recurring-expenses-api';
import { startTestApp, TestApp } from 'test/support/test-app';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface SchemaObject {
  type?: string;
  properties?: Record<string, SchemaObject>;
  $ref?: string;
}

interface Operation {
  method: 'POST' | 'PATCH';
  path: string;
  /** A body the API accepts, made fresh for each request (unique names, emails). */
  valid: () => Record<string, Json>;
  /** The URL to send to, after whatever the operation needs to exist. */
  url: string | (() => Promise<string>);
  /** Cleans up after an accepted request, so the next one is not a conflict. */
  after?: (response: InjectResponse) => Promise<void>;
}

/** The URL of a resource made on first use and updated by every request after. */
function once(make: () => Promise<string>): () => Promise<string> {
  let url: Promise<string> | undefined;
  return () => (url ??= make());
}

/** A value of another type than the schema's, for each type. */
const WRONG_TYPE: Record<string, Json> = {
  string: 42,
  number: 'seven',
  integer: 'seven',
  boolean: 'yes',
  array: 'tag',
  object: 'amount',
};

/**
 * What the API accepted must be what the document describes, and what the document refuses the
 * API must refuse: for each create and update operation, a valid body and, for every property
 * of its request schema, the body with that property null, of the wrong type, or absent. Each
 * is sent; a 2xx must validate against the request schema, and a body the schema rejects must
 * not get a 2xx. The properties come from the document, so a new field is covered as it lands.
 */
describe('request bodies: the document and the validation agree', () => {
  let ctx: TestApp;
  let ann: TestUser;
  let document: { components: { schemas: Record<string, SchemaObject> }; paths: unknown };
  let ajv: Ajv;
  let groceries: string;
  let transport: string;

  const etagOf = async (url: string): Promise<string | undefined> => {
    const response = await call(ctx, ann, 'GET', url);
    return response.headers.etag;
  };

  beforeAll(async () => {
    ctx = await startTestApp();
    ann = await newUser(ctx);
    const categories = await categoriesOf(ctx, ann);
    groceries = categories.get('groceries')!.id;
    transport = categories.get('transport')!.id;
    document = (await ctx.inject({ method: 'GET', url: '/api/docs-json' })).json();
    // The document's schemas are OpenAPI 3.0 (nullable, example): strict mode would refuse them.
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ components: document.components }, 'openapi');
  });

  afterAll(async () => {
    await ctx.close();
  });

  const expenseBody = (): Record<string, Json> => ({
    amount: { amount: '12.50', currency: 'EUR' },
    date: '2026-03-02',
    categoryId: groceries,
    payee: 'Market',
    note: 'weekly',
    tags: ['food'],
  });
  /** An expense but its date: what a recurring expense repeats. */
  const templateBody = (): Record<string, Json> => {
    const template = expenseBody();
    delete template.date;
    return template;
  };
  const scheduleBody = (): Record<string, Json> => ({
    unit: 'month',
    interval: 1,
    startDate: '2100-01-31',
    count: 3,
  });

  const operations: Operation[] = [
    {
      method: 'POST',
      path: '/api/v1/auth/register',
      url: '/api/v1/auth/register',
      valid: () => ({ email: uniqueEmail(), password: strongPassword(), displayName: 'New' }),
    },
    {
      method: 'PATCH',
      path: '/api/v1/me',
      url: '/api/v1/me',
      valid: () => ({ displayName: 'Ann', baseCurrency: 'EUR' }),
    },
    {
      method: 'POST',
      path: '/api/v1/me/api-keys',
      url: '/api/v1/me/api-keys',
      valid: () => ({
        name: 'script',
        scopes: ['expenses:read'],
        expiresAt: '2100-01-01T00:00:00Z',
      }),
    },
    {
      method: 'POST',
      path: '/api/v1/expenses',
      url: '/api/v1/expenses',
      valid: expenseBody,
    },
    {
      method: 'PATCH',
      path: '/api/v1/expenses/{id}',
      url: async () => `/api/v1/expenses/${(await createExpense(ctx, ann, expenseBody())).id}`,
      valid: () => ({ ...expenseBody(), fxRate: null }),
    },
    {
      method: 'POST',
      path: '/api/v1/expense-categories',
      url: '/api/v1/expense-categories',
      valid: () => ({ name: `Category ${Math.random().toString(36).slice(2, 10)}` }),
    },
    {
      method: 'PATCH',
      path: '/api/v1/expense-categories/{id}',
      url: async () => {
        const response = await call(ctx, ann, 'POST', '/api/v1/expense-categories', {
          name: `Category ${Math.random().toString(36).slice(2, 10)}`,
        });
        return `/api/v1/expense-categories/${response.json<{ id: string }>().id}`;
      },
      valid: () => ({
        name: `Renamed ${Math.random().toString(36).slice(2, 10)}`,
        archived: false,
      }),
    },
    {
      method: 'POST',
      path: '/api/v1/recurring-expenses',
      url: '/api/v1/recurring-expenses',
      valid: () => ({ ...scheduleBody(), ...templateBody(), active: true }),
    },
    {
      method: 'POST',
      path: '/api/v1/recurring-expenses/preview',
      url: '/api/v1/recurring-expenses/preview',
      valid: scheduleBody,
    },
    {
      method: 'PATCH',
      path: '/api/v1/recurring-expenses/{id}',
      url: async () => {
        const rule = await createRecurringExpense(ctx, ann, {
          ...scheduleBody(),
          ...templateBody(),
        });
        return `/api/v1/recurring-expenses/${rule.id}`;
      },
      valid: () => ({ payee: 'Gym', tags: ['health'], active: false, interval: 2 }),
    },
    {
      method: 'POST',
      path: '/api/v1/budgets',
      url: '/api/v1/budgets',
      valid: () => ({
        name: 'Food',
        categoryId: transport,
        amount: { amount: '300.00', currency: 'EUR' },
        rollover: 'none',
        startMonth: '2026-03',
        endMonth: null,
      }),
      after: async (response) => {
        const { id } = response.json<{ id: string }>();
        await call(ctx, ann, 'DELETE', `/api/v1/budgets/${id}`);
      },
    },
    {
      method: 'PATCH',
      path: '/api/v1/budgets/{id}',
      url: once(async () => {
        const created = await call(ctx, ann, 'POST', '/api/v1/budgets', {
          categoryId: groceries,
          amount: { amount: '100.00', currency: 'EUR' },
          startMonth: '2026-03',
        });
        if (created.statusCode !== 201) throw new Error(`budget: ${created.body}`);
        return `/api/v1/budgets/${created.json<{ id: string }>().id}`;
      }),
      valid: () => ({ name: 'Groceries', amount: { amount: '120.00', currency: 'EUR' } }),
    },
  ];

  function requestSchema(operation: Operation): { ref: string; schema: SchemaObject } {
    const paths = document.paths as Record<
      string,
      Record<string, { requestBody: { content: Record<string, { schema: SchemaObject }> } }>
    >;
    const { schema } =
      paths[operation.path][operation.method.toLowerCase()].requestBody.content['application/json'];
    const name = schema.$ref!.split('/').pop()!;
    return { ref: `openapi${schema.$ref!}`, schema: document.components.schemas[name] };
  }

  /** The type a property's schema declares; a $ref or allOf property is an object here. */
  function typeOf(property: SchemaObject): string {
    return property.type ?? 'object';
  }

  function variants(operation: Operation, schema: SchemaObject): [string, () => Json][] {
    const out: [string, () => Json][] = [
      ['the valid body', () => operation.valid()],
      ['null', () => null],
    ];
    if (operation.method === 'PATCH') out.push(['{}', () => ({})]);
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      out.push([`${name}: null`, () => ({ ...operation.valid(), [name]: null })]);
      const wrong = WRONG_TYPE[typeOf(property)];
      if (wrong !== undefined) {
        out.push([
          `${name}: ${JSON.stringify(wrong)}`,
          () => ({ ...operation.valid(), [name]: wrong }),
        ]);
      }
      out.push([
        `without ${name}`,
        () => {
          const body = operation.valid();
          delete body[name];
          return body;
        },
      ]);
    }
    return out;
  }

  async function send(operation: Operation, body: Json): Promise<InjectResponse> {
    const url = typeof operation.url === 'string' ? operation.url : await operation.url();
    const headers: Record<string, string> = {
      ...ann.headers,
      'content-type': 'application/json',
    };
    // Updates of versioned resources need the ETag last seen.
    const etag = operation.method === 'PATCH' ? await etagOf(url) : undefined;
    if (etag) headers['if-match'] = etag;
    return ctx.inject({ method: operation.method, url, headers, payload: JSON.stringify(body) });
  }

  it.each(operations.map((operation) => [`${operation.method} ${operation.path}`, operation]))(
    '%s',
    async (_name, operation) => {
      const { ref, schema } = requestSchema(operation);
      const validate: ValidateFunction = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
      const disagreements: string[] = [];
      let validAccepted = false;
      for (const [label, make] of variants(operation, schema)) {
        const body = JSON.parse(JSON.stringify(make() ?? null)) as Json;
        const response = await send(operation, body);
        const ok = response.statusCode >= 200 && response.statusCode < 300;
        const documented = validate(body);
        if (label === 'the valid body') validAccepted = ok;
        if (ok && !documented) {
          disagreements.push(
            `${label}: accepted (${response.statusCode}) but the schema says ${ajv.errorsText(validate.errors)}`,
          );
        }
        if (!ok && response.statusCode >= 500) {
          disagreements.push(`${label}: ${response.statusCode} ${response.body}`);
        }
        if (ok) await operation.after?.(response);
      }
      expect(disagreements).toEqual([]);
      // The sample means something only if the body the test calls valid is.
      expect(validAccepted).toBe(true);
    },
  );
});
