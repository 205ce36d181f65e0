import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { newUser, TestUser, uniqueEmail, strongPassword } from 'test/support/auth';
import { countRows } from 'test/support/expenses';
import { call, categoriesOf } from 'test/support/expenses-api';
import { expectProblem } from 'test/support/problem';
import { startTestApp, TestApp } from 'test/support/test-app';

const openApiDocument = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8'),
) as { paths: unknown };

interface Operation {
  requestBody?: { content: Record<string, unknown> };
}

/** Every operation of the committed document that takes a JSON body, path parameters filled. */
function jsonBodyRoutes(): { method: string; url: string }[] {
  const routes: { method: string; url: string }[] = [];
  const paths = openApiDocument.paths as Record<string, Record<string, Operation>>;
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!operation.requestBody?.content['application/json']) continue;
      routes.push({
        method: method.toUpperCase(),
        url: path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000'),
      });
    }
  }
  return routes;
}

/** About 20 KB of nesting, which overflowed class-transformer's stack (a 500). */
const DEEP_ARRAYS = `{"displayName":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
const DEEP_OBJECTS = `${'{"a":'.repeat(4_000)}1${'}'.repeat(4_000)}`;

function fieldsOf(body: Record<string, unknown>): string[] {
  return (body.errors as { field: string }[]).map((error) => error.field);
}

describe('every input gets a 4xx (the edge of the API)', () => {
  let ctx: TestApp;
  let dataSource: DataSource;
  let ann: TestUser;
  let admin: TestUser;
  let groceries: string;

  const profileOf = async (user: TestUser) =>
    (await call(ctx, user, 'GET', '/api/v1/me')).json<Record<string, unknown>>();

  beforeAll(async () => {
    ctx = await startTestApp();
    dataSource = ctx.app.get(DataSource);
    ann = await newUser(ctx);
    admin = await newUser(ctx, { role: 'admin' });
    groceries = (await categoriesOf(ctx, ann)).get('groceries')!.id;
  });

  afterAll(async () => {
    await ctx.close();
  });

  describe('nesting and size bounds, before any transformation', () => {
    const routes = jsonBodyRoutes();

    it('covers the JSON routes of the document, anonymous login and register included', () => {
      expect(routes).toEqual(
        expect.arrayContaining([
          { method: 'POST', url: '/api/v1/auth/login' },
          { method: 'POST', url: '/api/v1/auth/register' },
          { method: 'PATCH', url: '/api/v1/me' },
          { method: 'POST', url: '/api/v1/expenses' },
        ]),
      );
    });

    it.each(routes)(
      '400 BODY_TOO_COMPLEX for deep arrays and objects: $method $url',
      async (route) => {
        for (const payload of [DEEP_ARRAYS, DEEP_OBJECTS]) {
          const response = await ctx.inject({
            method: route.method as 'POST',
            url: route.url,
            headers: { ...ann.headers, 'content-type': 'application/json' },
            payload,
          });
          expectProblem(response, 400, 'BODY_TOO_COMPLEX');
        }
      },
    );

    it('400 BODY_TOO_COMPLEX for an array or an object with too many members', async () => {
      const wideArray = { tags: Array.from({ length: 1001 }, () => 0) };
      const wideObject = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, 0]));
      for (const payload of [wideArray, wideObject]) {
        const response = await call(ctx, ann, 'POST', '/api/v1/expenses', payload);
        expectProblem(response, 400, 'BODY_TOO_COMPLEX');
      }
    });

    it('still takes a body nested as deep as the API needs', async () => {
      const response = await call(ctx, ann, 'POST', '/api/v1/recurring-expenses/preview', {
        unit: 'month',
        interval: 1,
        startDate: '2026-01-31',
      });
      expect(response.statusCode).toBe(200);
    });
  });

  describe('U+0000 in any string', () => {
    it.each([
      ['payee', { payee: 'Caf\u0000e' }],
      ['note', { note: '\u0000' }],
      ['tags.1', { tags: ['ok', 'x\u0000'] }],
      ['amount.currency', { amount: { amount: '1.00', currency: 'EU\u0000' } }],
    ])('400 VALIDATION_FAILED naming %s, nothing written', async (field, fields) => {
      const response = await call(ctx, ann, 'POST', '/api/v1/expenses', {
        amount: { amount: '1.00', currency: 'EUR' },
        date: '2026-03-02',
        categoryId: groceries,
        ...fields,
      });
      const body = expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(body)).toEqual([field]);
      expect(await countRows(ctx, 'expenses', 'user_id = $1', [ann.id])).toBe(0);
    });

    it('400 for a display name, unchanged afterwards', async () => {
      const response = await call(ctx, ann, 'PATCH', '/api/v1/me', { displayName: 'Ann\u0000' });
      expect(fieldsOf(expectProblem(response, 400, 'VALIDATION_FAILED'))).toEqual(['displayName']);
      expect((await profileOf(ann)).displayName).toBe('Test user');
    });

    it('400 for an API-key name, no key made', async () => {
      const response = await call(ctx, ann, 'POST', '/api/v1/me/api-keys', {
        name: 'script\u0000',
        scopes: ['expenses:read'],
      });
      expect(fieldsOf(expectProblem(response, 400, 'VALIDATION_FAILED'))).toEqual(['name']);
      expect(await countRows(ctx, 'api_keys', 'user_id = $1', [ann.id])).toBe(0);
    });

    it('400 for a key of the body', async () => {
      const response = await call(ctx, ann, 'PATCH', '/api/v1/me', { 'a\u0000': 1 });
      expect(fieldsOf(expectProblem(response, 400, 'VALIDATION_FAILED'))).toEqual(['a\u0000']);
    });

    it('400 for a query parameter (an admin search) and a path parameter', async () => {
      const search = await call(ctx, admin, 'GET', '/api/v1/admin/users?q=a%00b');
      expect(fieldsOf(expectProblem(search, 400, 'VALIDATION_FAILED'))).toEqual(['q']);
      const repeated = await call(ctx, admin, 'GET', '/api/v1/admin/users?q=a&q=%00');
      expect(fieldsOf(expectProblem(repeated, 400, 'VALIDATION_FAILED'))).toEqual(['q.1']);
      const path = await call(ctx, ann, 'GET', '/api/v1/expenses/%00');
      expect(fieldsOf(expectProblem(path, 400, 'VALIDATION_FAILED'))).toEqual(['id']);
    });

    it('400 for a form field of the OAuth2 token endpoint', async () => {
      const response = await ctx.inject({
        method: 'POST',
        url: '/api/v1/auth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `grant_type=password&username=a%00b%40example.org&password=x`,
      });
      expect(fieldsOf(expectProblem(response, 400, 'VALIDATION_FAILED'))).toEqual(['username']);
    });
  });

  describe('a lone UTF-16 surrogate', () => {
    // Only a JSON escape can carry one: UTF-8 cannot encode a lone surrogate.
    const loneSurrogateEmail = '"a\\ud800@example.org"';

    it.each([
      [
        '/api/v1/auth/register',
        `{"email":${loneSurrogateEmail},"password":"${strongPassword()}","displayName":"X"}`,
      ],
      ['/api/v1/auth/login', `{"email":${loneSurrogateEmail},"password":"whatever"}`],
      ['/api/v1/auth/password-reset', `{"email":${loneSurrogateEmail}}`],
    ])('400 VALIDATION_FAILED naming email: %s', async (url, payload) => {
      const before = await countRows(ctx, 'users', 'true', []);
      const response = await ctx.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(fieldsOf(expectProblem(response, 400, 'VALIDATION_FAILED'))).toEqual(['email']);
      expect(await countRows(ctx, 'users', 'true', [])).toBe(before);
    });

    it('still takes a well-formed astral character (a surrogate pair)', async () => {
      const response = await call(ctx, ann, 'PATCH', '/api/v1/me', { displayName: 'Ann 🦊' });
      expect(response.statusCode).toBe(200);
      expect((await profileOf(ann)).displayName).toBe('Ann 🦊');
    });
  });

  describe('an invisible character in an email', () => {
    // The email validator's international ranges take these; found by the fuzz tier.
    it.each([
      ['a right-to-left override', 'a@example.org\u202e'],
      ['a byte order mark at the end', 'a@example.org\ufeff'],
      ['a zero-width space', 'a\u200b@example.org'],
      ['a control character', 'a\u0001@example.org'],
    ])(
      '400 VALIDATION_FAILED naming email for %s, on every route that takes one',
      async (_label, email) => {
        for (const [url, extra] of [
          ['/api/v1/auth/register', { password: strongPassword(), displayName: 'X' }],
          ['/api/v1/auth/login', { password: 'whatever' }],
          ['/api/v1/auth/password-reset', {}],
        ] as const) {
          const before = await countRows(ctx, 'users', 'true', []);
          const response = await ctx.inject({
            method: 'POST',
            url,
            headers: { 'content-type': 'application/json' },
            payload: { email, ...extra },
          });
          expect(fieldsOf(expectProblem(response, 400, 'VALIDATION_FAILED'))).toEqual(['email']);
          expect(await countRows(ctx, 'users', 'true', [])).toBe(before);
        }
      },
    );

    it('still drops the spaces a keyboard adds at either end', async () => {
      const response = await ctx.inject({
        method: 'POST',
        url: '/api/v1/auth/password-reset',
        payload: { email: '  someone@example.org\t' },
      });
      expect(response.statusCode).toBe(202);
    });
  });

  describe('null where a value is required', () => {
    it.each([['displayName'], ['baseCurrency']])(
      '400 for {"%s": null} on PATCH /me, unchanged afterwards',
      async (field) => {
        const before = await profileOf(ann);
        const response = await call(ctx, ann, 'PATCH', '/api/v1/me', { [field]: null });
        expect(fieldsOf(expectProblem(response, 400, 'VALIDATION_FAILED'))).toEqual([field]);
        expect(await profileOf(ann)).toEqual(before);
      },
    );

    it('400 for tags: null on an expense and a recurring expense, active: null on the latter', async () => {
      const expense = {
        amount: { amount: '1.00', currency: 'EUR' },
        date: '2026-03-02',
        categoryId: groceries,
      };
      const rule = {
        amount: { amount: '1.00', currency: 'EUR' },
        categoryId: groceries,
        unit: 'month',
        interval: 1,
        startDate: '2100-01-01',
      };
      for (const [url, body, field] of [
        ['/api/v1/expenses', { ...expense, tags: null }, 'tags'],
        ['/api/v1/recurring-expenses', { ...rule, tags: null }, 'tags'],
        ['/api/v1/recurring-expenses', { ...rule, active: null }, 'active'],
      ] as const) {
        const response = await call(ctx, ann, 'POST', url, body);
        expect(fieldsOf(expectProblem(response, 400, 'VALIDATION_FAILED'))).toEqual([field]);
      }
      expect(await countRows(ctx, 'expenses', 'user_id = $1', [ann.id])).toBe(0);
      expect(await countRows(ctx, 'recurring_expenses', 'user_id = $1', [ann.id])).toBe(0);
    });

    it('takes expiresAt: null on an API key as never expiring, as documented', async () => {
      const response = await call(ctx, admin, 'POST', '/api/v1/me/api-keys', {
        name: 'forever',
        scopes: ['expenses:read'],
        expiresAt: null,
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ expiresAt: null });
    });

    it.each([['null'], ['[]'], ['"name"'], ['42']])(
      '400 for a JSON body %s that is not an object',
      async (payload) => {
        const response = await ctx.inject({
          method: 'PATCH',
          url: '/api/v1/me',
          headers: { ...ann.headers, 'content-type': 'application/json' },
          payload,
        });
        expect(fieldsOf(expectProblem(response, 400, 'VALIDATION_FAILED'))).toEqual(['body']);
      },
    );
  });

  it('registers nobody with a NUL in the email', async () => {
    const email = uniqueEmail();
    const response = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: `${email}\u0000`, password: strongPassword(), displayName: 'X' },
    });
    expectProblem(response, 400, 'VALIDATION_FAILED');
    const found = await dataSource.query<unknown[]>('SELECT 1 FROM users WHERE email LIKE $1', [
      `${email.split('@')[0]}%`,
    ]);
    expect(found).toHaveLength(0);
  });
});
