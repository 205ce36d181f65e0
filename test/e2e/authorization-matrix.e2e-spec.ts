import { createHash } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { Response as InjectResponse } from 'light-my-request';
import { RouteIndex } from 'src/platform/errors/route-index';
import { login, newUser, TestUser } from 'test/support/auth';
import { startTestApp, TestApp } from 'test/support/test-app';

/**
 * Who may call each route. Every route the app serves must be here: a new route without an
 * entry fails the first test, so nothing ships unprotected by accident.
 *
 * - public: anyone, credentials ignored;
 * - user: any signed-in user; with `scope`, also an API key holding that scope;
 * - admin: administrators only (never an API key);
 * - `owned`: the path names a resource of the signed-in user: another user gets 404.
 */
type Access =
  { access: 'public' } | { access: 'user'; scope?: string; owned?: true } | { access: 'admin' };

const PUBLIC: Access = { access: 'public' };
const USER: Access = { access: 'user' };
const ADMIN: Access = { access: 'admin' };
const scoped = (scope: string): Access => ({ access: 'user', scope });

const EXPECTED: Record<string, Access> = {
  'GET /health': PUBLIC,
  'GET /health/live': PUBLIC,
  'GET /health/ready': PUBLIC,
  // Guarded by its own METRICS_ACCESS policy, not by user identity. (CORS's `OPTIONS *` exists
  // only with CORS_ORIGINS set, which this app does not.)
  'GET /metrics': PUBLIC,
  'POST /api/v1/auth/register': PUBLIC,
  'POST /api/v1/auth/login': PUBLIC,
  'POST /api/v1/auth/token': PUBLIC,
  'POST /api/v1/auth/refresh': PUBLIC,
  'POST /api/v1/auth/verify-email': PUBLIC,
  'POST /api/v1/auth/password-reset': PUBLIC,
  'POST /api/v1/auth/password-reset/confirm': PUBLIC,
  'POST /api/v1/auth/logout': USER,
  'GET /api/v1/me': scoped('profile:read'),
  'PATCH /api/v1/me': scoped('profile:write'),
  'DELETE /api/v1/me': USER,
  'POST /api/v1/me/password': USER,
  'POST /api/v1/me/email-verification': USER,
  'GET /api/v1/me/activity': scoped('profile:read'),
  'GET /api/v1/me/sessions': USER,
  'DELETE /api/v1/me/sessions': USER,
  'DELETE /api/v1/me/sessions/:id': { access: 'user', owned: true },
  'POST /api/v1/me/api-keys': USER,
  'GET /api/v1/me/api-keys': USER,
  'GET /api/v1/me/api-keys/scopes': USER,
  'DELETE /api/v1/me/api-keys/:id': { access: 'user', owned: true },
  'GET /api/v1/admin/users': ADMIN,
  'GET /api/v1/admin/users/:id': ADMIN,
  'POST /api/v1/admin/users/:id/deactivate': ADMIN,
  'POST /api/v1/admin/users/:id/reactivate': ADMIN,
  'PUT /api/v1/admin/users/:id/role': ADMIN,
  'DELETE /api/v1/admin/users/:id/sessions': ADMIN,
  'GET /api/v1/admin/audit-events': ADMIN,
  'GET /api/v1/admin/audit-events/verify': ADMIN,
  'GET /api/v1/expenses': scoped('expenses:read'),
  'GET /api/v1/expenses/summary': scoped('expenses:read'),
  'GET /api/v1/expenses/export.csv': scoped('expenses:read'),
  'POST /api/v1/expense-imports': scoped('expenses:write'),
  'GET /api/v1/expense-imports': scoped('expenses:read'),
  'GET /api/v1/expense-imports/:id': { access: 'user', scope: 'expenses:read', owned: true },
  'POST /api/v1/expense-imports/:id/undo': { access: 'user', scope: 'expenses:write', owned: true },
  'POST /api/v1/expenses': scoped('expenses:write'),
  'GET /api/v1/expenses/:id': { access: 'user', scope: 'expenses:read', owned: true },
  'PATCH /api/v1/expenses/:id': { access: 'user', scope: 'expenses:write', owned: true },
  'DELETE /api/v1/expenses/:id': { access: 'user', scope: 'expenses:write', owned: true },
  'GET /api/v1/expense-categories': scoped('expenses:read'),
  'POST /api/v1/expense-categories': scoped('expenses:write'),
  'GET /api/v1/expense-categories/:id': { access: 'user', scope: 'expenses:read', owned: true },
  'PATCH /api/v1/expense-categories/:id': { access: 'user', scope: 'expenses:write', owned: true },
  'GET /api/v1/recurring-expenses': scoped('expenses:read'),
  'POST /api/v1/recurring-expenses': scoped('expenses:write'),
  'POST /api/v1/recurring-expenses/preview': scoped('expenses:read'),
  'GET /api/v1/recurring-expenses/:id': { access: 'user', scope: 'expenses:read', owned: true },
  'GET /api/v1/recurring-expenses/:id/preview': {
    access: 'user',
    scope: 'expenses:read',
    owned: true,
  },
  'PATCH /api/v1/recurring-expenses/:id': { access: 'user', scope: 'expenses:write', owned: true },
  'DELETE /api/v1/recurring-expenses/:id': { access: 'user', scope: 'expenses:write', owned: true },
  'GET /api/v1/budgets': scoped('expenses:read'),
  'POST /api/v1/budgets': scoped('expenses:write'),
  'GET /api/v1/budgets/status': scoped('expenses:read'),
  'GET /api/v1/budgets/:id': { access: 'user', scope: 'expenses:read', owned: true },
  'GET /api/v1/budgets/:id/status': { access: 'user', scope: 'expenses:read', owned: true },
  'PATCH /api/v1/budgets/:id': { access: 'user', scope: 'expenses:write', owned: true },
  'DELETE /api/v1/budgets/:id': { access: 'user', scope: 'expenses:write', owned: true },
};

/** Resources created anew for each request, since other cases change or delete them. */
const FRESH_RESOURCES: Record<
  string,
  (
    categoryId: string,
    n: number,
  ) => { url: string; payload: object | string; headers?: Record<string, string> }
> = {
  '/api/v1/expenses/:id': (categoryId) => ({
    url: '/api/v1/expenses',
    payload: { amount: { amount: '12.50', currency: 'EUR' }, date: '2026-03-01', categoryId },
  }),
  '/api/v1/recurring-expenses/:id': (categoryId) => ({
    url: '/api/v1/recurring-expenses',
    payload: {
      amount: { amount: '9.99', currency: 'EUR' },
      categoryId,
      unit: 'month',
      interval: 1,
      startDate: '2026-03-01',
    },
  }),
  // One overall budget per month: each fixture gets a month of its own.
  '/api/v1/budgets/:id': (_categoryId, n) => {
    const month = `${2030 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
    return {
      url: '/api/v1/budgets',
      payload: {
        amount: { amount: '400.00', currency: 'EUR' },
        startMonth: month,
        endMonth: month,
      },
    };
  },
  // One import of one row, committed (each fixture a different day, so none is a duplicate).
  '/api/v1/expense-imports/:id': (_categoryId, n) => ({
    url: '/api/v1/expense-imports?dateColumn=Date&amountColumn=Amount&currency=EUR&dryRun=false',
    payload: `Date,Amount\n2026-01-${String((n % 28) + 1).padStart(2, '0')},${n + 1}.00\n`,
    headers: { 'content-type': 'text/csv' },
  }),
};

/** Swagger UI and the OpenAPI document: public by design, registered outside Nest. */
const isDocs = (url: string) =>
  url === '/api/docs' || url.startsWith('/api/docs/') || url.startsWith('/api/docs-');

type Caller =
  | 'anonymous'
  | 'user'
  | 'another user'
  | 'admin'
  | 'key with the scope'
  | 'key with another scope'
  | 'revoked key'
  | 'expired token'
  | 'tampered token'
  | 'alg:none token'
  | 'refresh-type token'
  | 'refresh token as bearer';

const CALLERS: Caller[] = [
  'anonymous',
  'user',
  'another user',
  'admin',
  'key with the scope',
  'key with another scope',
  'revoked key',
  'expired token',
  'tampered token',
  'alg:none token',
  'refresh-type token',
  'refresh token as bearer',
];

type Outcome = 'allowed' | 401 | 403 | 404;

function expectedOutcome(rule: Access, caller: Caller): Outcome {
  if (rule.access === 'public') return 'allowed';
  if (
    caller === 'anonymous' ||
    caller === 'revoked key' ||
    caller.endsWith('token') ||
    caller === 'refresh token as bearer'
  ) {
    return 401;
  }
  if (caller === 'key with the scope' || caller === 'key with another scope') {
    if (rule.access === 'admin' || !rule.scope) return 403;
    return caller === 'key with the scope' ? 'allowed' : 403;
  }
  if (rule.access === 'admin') return caller === 'admin' ? 'allowed' : 403;
  if (rule.owned && caller !== 'user') return 404;
  return 'allowed';
}

/**
 * What the guard decided, told by the error code: a public route may still answer 401 for its
 * own reasons (a refresh token that is not valid), which is not the guard refusing the caller.
 */
function outcomeOf(response: InjectResponse): Outcome {
  const code = response.statusCode >= 400 ? response.json<{ code?: string }>().code : undefined;
  if (code === 'UNAUTHENTICATED' || code === 'AUTH_TOKEN_INVALID') return 401;
  if (code === 'FORBIDDEN' || code === 'INSUFFICIENT_SCOPE') return 403;
  if (code === 'NOT_FOUND') return 404;
  return 'allowed';
}

describe('authorization matrix: every route × every kind of caller', () => {
  let ctx: TestApp;
  let user: TestUser;
  let other: TestUser;
  let admin: TestUser;
  let target: TestUser;
  const keys: Record<string, string> = {};
  let forged: Record<
    'expired token' | 'tampered token' | 'alg:none token' | 'refresh-type token',
    string
  >;
  const ids: Record<string, string> = {};
  let fixtures = 0;

  beforeAll(async () => {
    ctx = await startTestApp({ METRICS_ACCESS: 'open' });
    [user, other, admin, target] = await Promise.all([
      newUser(ctx),
      newUser(ctx),
      newUser(ctx, { role: 'admin' }),
      newUser(ctx),
    ]);
    const createKey = async (scopes: string[]) =>
      (
        await ctx.inject({
          method: 'POST',
          url: '/api/v1/me/api-keys',
          headers: user.headers,
          payload: { name: 'matrix', scopes },
        })
      ).json<{ id: string; key: string }>();
    const scopes = (
      await ctx.inject({ method: 'GET', url: '/api/v1/me/api-keys/scopes', headers: user.headers })
    ).json<{
      scopes: string[];
    }>().scopes;
    for (const scope of scopes) keys[scope] = (await createKey([scope])).key;
    const revoked = await createKey([scopes[0]]);
    await ctx.inject({
      method: 'DELETE',
      url: `/api/v1/me/api-keys/${revoked.id}`,
      headers: user.headers,
    });
    keys.revoked = revoked.key;
    ids['/api/v1/me/api-keys/:id'] = (await createKey([scopes[0]])).id;
    const categories = await ctx.inject({
      method: 'GET',
      url: '/api/v1/expense-categories',
      headers: user.headers,
    });
    ids['/api/v1/expense-categories/:id'] = categories.json<{
      data: { id: string }[];
    }>().data[0].id;
    const sessions = await ctx.inject({
      method: 'GET',
      url: '/api/v1/me/sessions',
      headers: user.headers,
    });
    ids['/api/v1/me/sessions/:id'] = sessions.json<{ data: { id: string }[] }>().data[0].id;

    const secret = ctx.config.auth.jwtSecrets[0];
    const kid = createHash('sha256').update(secret).digest('base64url').slice(0, 16);
    const claims = jwt.decode(user.accessToken) as jwt.JwtPayload;
    const header = { alg: 'HS256', typ: 'at+jwt', kid };
    const sign = (payload: object, extraHeader: object = {}) =>
      jwt.sign(payload, secret, {
        algorithm: 'HS256',
        header: { ...header, ...extraHeader },
      });
    const [head, body, signature] = user.accessToken.split('.');
    forged = {
      'expired token': sign({ ...claims, iat: claims.iat! - 3600, exp: claims.iat! - 60 }),
      'tampered token': `${head}.${Buffer.from(JSON.stringify({ ...claims, sub: other.id })).toString('base64url')}.${signature}`,
      'alg:none token': `${Buffer.from(JSON.stringify({ ...header, alg: 'none' })).toString('base64url')}.${body}.`,
      'refresh-type token': sign(claims, { typ: 'refresh+jwt' }),
    };
  });

  afterAll(async () => {
    await ctx.close();
  });

  it('has an expectation for every route the app serves', () => {
    const served = ctx.app
      .get(RouteIndex)
      .routes()
      .filter((route) => route.method !== 'HEAD' && !isDocs(route.url))
      .map((route) => `${route.method} ${route.url}`);
    expect(served.filter((route) => !(route in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((route) => !served.includes(route))).toEqual([]);
  });

  /** Fresh credentials per request: some routes (logout) end the session they are called with. */
  async function headersFor(caller: Caller, rule: Access): Promise<Record<string, string>> {
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    switch (caller) {
      case 'anonymous':
        return {};
      case 'user':
        return (await login(ctx, user.email, user.password)).headers;
      case 'another user':
        return (await login(ctx, other.email, other.password)).headers;
      case 'admin':
        return (await login(ctx, admin.email, admin.password)).headers;
      case 'key with the scope':
      case 'key with another scope': {
        const wanted = rule.access === 'user' ? rule.scope : undefined;
        const scope =
          caller === 'key with the scope' && wanted
            ? wanted
            : Object.keys(keys).find(
                (candidate) => candidate !== wanted && candidate !== 'revoked',
              )!;
        return { 'x-api-key': keys[scope] };
      }
      case 'revoked key':
        return bearer(keys.revoked);
      case 'refresh token as bearer':
        return bearer((await login(ctx, user.email, user.password)).refreshToken);
      default:
        return bearer(forged[caller]);
    }
  }

  async function concretePath(route: string): Promise<string> {
    const [, url] = route.split(' ');
    if (url.startsWith('/api/v1/admin/users/:id')) return url.replace(':id', target.id);
    // A fresh resource of the user each time where earlier cases may have ended or deleted it.
    if (url === '/api/v1/me/sessions/:id') {
      const { accessToken } = await login(ctx, user.email, user.password);
      return url.replace(':id', (jwt.decode(accessToken) as { sid: string }).sid);
    }
    const create = FRESH_RESOURCES[url.replace(/\/(preview|status|undo)$/, '')];
    if (create) {
      const fixture = create(ids['/api/v1/expense-categories/:id'], fixtures++);
      const session = await login(ctx, user.email, user.password);
      const created = await ctx.inject({
        method: 'POST',
        url: fixture.url,
        payload: fixture.payload,
        headers: { ...session.headers, ...fixture.headers },
      });
      // A committed import answers 200 with the import inside; everything else 201 with itself.
      const body = created.json<{ id?: string; import?: { id: string } }>();
      const id = body.import?.id ?? body.id;
      if (created.statusCode >= 300 || !id) throw new Error(`fixture not created: ${created.body}`);
      return url.replace(':id', id);
    }
    return url.replace(':id', ids[url] ?? '00000000-0000-4000-8000-000000000000');
  }

  const cases = Object.entries(EXPECTED).flatMap(([route, rule]) =>
    CALLERS.map((caller) => [route, caller, rule] as const),
  );

  it.each(cases)('%s as %s', async (route, caller, rule) => {
    const [method] = route.split(' ');
    const response = await ctx.inject({
      method: method as 'GET',
      url: await concretePath(route),
      // If-Match: * so that a versioned update reaches its ownership check, not the 428.
      headers: {
        ...(await headersFor(caller, rule)),
        ...(method === 'PATCH' ? { 'if-match': '*' } : {}),
      },
      ...(['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) ? { payload: {} } : {}),
    });
    expect({ route, caller, outcome: outcomeOf(response) }).toEqual({
      route,
      caller,
      outcome: expectedOutcome(rule, caller),
    });
    expect(response.statusCode).toBeLessThan(500);
  });
});
