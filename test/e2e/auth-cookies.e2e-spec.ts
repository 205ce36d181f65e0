import { newUser, TestUser } from 'test/support/auth';
import { expectProblem } from 'test/support/problem';
import { startTestApp, TestApp } from 'test/support/test-app';

// 48 random bytes, base64url: strong enough for the production secret policy.
const STRONG_SECRET = 'ZiQw9vUJ2olxHuGyASTjSsk72mjxxGBOZJHbfFkF9e1UKFv91Yb4qiXitQ5gbhUQ';
const APP_ORIGIN = 'https://app.example.com';

interface CookieSession {
  cookie: string;
  csrfToken: string;
  setCookies: string[];
}

/** Logs in for cookie delivery; returns the Cookie header a browser would send back. */
async function cookieLogin(ctx: TestApp, user: TestUser): Promise<CookieSession> {
  const response = await ctx.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: user.email, password: user.password, tokenDelivery: 'cookie' },
  });
  expect(response.statusCode).toBe(200);
  const setCookies = [response.headers['set-cookie'] ?? []].flat();
  const cookie = setCookies.map((line) => line.split(';')[0]).join('; ');
  return { cookie, csrfToken: response.json<{ csrfToken: string }>().csrfToken, setCookies };
}

describe('browser sessions: cookies and CSRF', () => {
  let ctx: TestApp;

  beforeAll(async () => {
    ctx = await startTestApp({ CORS_ORIGINS: APP_ORIGIN });
  });

  afterAll(async () => {
    await ctx.close();
  });

  it('delivers the tokens as HttpOnly, SameSite=Strict cookies, the refresh one path-scoped, none in the body', async () => {
    const user = await newUser(ctx);
    const response = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: user.password, tokenDelivery: 'cookie' },
    });
    const body = response.json<Record<string, unknown>>();
    expect(body).toMatchObject({ tokenType: 'Cookie', expiresIn: 900 });
    expect(body.accessToken).toBeUndefined();
    expect(body.refreshToken).toBeUndefined();
    const cookies = [response.headers['set-cookie'] ?? []].flat();
    const named = (name: string) => cookies.find((line) => line.startsWith(`${name}=`)) ?? '';
    expect(named('ll_access')).toMatch(/HttpOnly/);
    expect(named('ll_access')).toMatch(/SameSite=Strict/);
    expect(named('ll_access')).toMatch(/Path=\/api(;|$)/);
    expect(named('ll_refresh')).toMatch(/HttpOnly/);
    expect(named('ll_refresh')).toMatch(/Path=\/api\/v1\/auth(;|$)/);
    expect(named('ll_csrf')).not.toMatch(/HttpOnly/);
    // Not in test or development (plain-HTTP localhost); production below.
    expect(named('ll_access')).not.toMatch(/Secure/);
  });

  it('marks every cookie Secure in production', async () => {
    const production = await startTestApp({
      NODE_ENV: 'production',
      JWT_SECRETS: STRONG_SECRET,
      ARGON2_MEMORY_KIB: '19456',
      ARGON2_TIME_COST: '2',
      MAIL_TRANSPORT: 'outbox',
    });
    try {
      const user = await newUser(production);
      const { setCookies } = await cookieLogin(production, user);
      expect(setCookies).toHaveLength(3);
      for (const line of setCookies) expect(line).toMatch(/; Secure/);
    } finally {
      await production.close();
    }
  });

  it('reads with the cookie alone, but refuses an unsafe request without the CSRF token or origin', async () => {
    const user = await newUser(ctx);
    const session = await cookieLogin(ctx, user);
    const patch = (headers: Record<string, string>) =>
      ctx.inject({
        method: 'PATCH',
        url: '/api/v1/me',
        headers: { cookie: session.cookie, ...headers },
        payload: { displayName: 'Cookie Monster' },
      });

    expect(
      (await ctx.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session.cookie } }))
        .statusCode,
    ).toBe(200);
    expectProblem(await patch({ origin: APP_ORIGIN }), 403, 'CSRF_REJECTED');
    expectProblem(await patch({ 'x-csrf-token': session.csrfToken }), 403, 'CSRF_REJECTED');
    expectProblem(
      await patch({ origin: 'https://evil.example', 'x-csrf-token': session.csrfToken }),
      403,
      'CSRF_REJECTED',
    );
    expectProblem(
      await patch({ origin: APP_ORIGIN, 'x-csrf-token': 'forged' }),
      403,
      'CSRF_REJECTED',
    );
    const me = await ctx.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: session.cookie },
    });
    expect(me.json<{ displayName: string }>().displayName).toBe('Test user');

    const allowed = await patch({ origin: APP_ORIGIN, 'x-csrf-token': session.csrfToken });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json<{ displayName: string }>().displayName).toBe('Cookie Monster');
  });

  it("refuses another session's CSRF token", async () => {
    const user = await newUser(ctx);
    const mine = await cookieLogin(ctx, user);
    const theirs = await cookieLogin(ctx, await newUser(ctx));
    const response = await ctx.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { cookie: mine.cookie, origin: APP_ORIGIN, 'x-csrf-token': theirs.csrfToken },
      payload: { displayName: 'Mallory' },
    });
    expectProblem(response, 403, 'CSRF_REJECTED');
  });

  it('refreshes from the refresh cookie only with the CSRF token, rotating the cookies', async () => {
    const user = await newUser(ctx);
    const session = await cookieLogin(ctx, user);
    const refresh = (headers: Record<string, string>) =>
      ctx.inject({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        headers: { cookie: session.cookie, ...headers },
        payload: {},
      });
    expectProblem(await refresh({ origin: APP_ORIGIN }), 403, 'CSRF_REJECTED');
    const refreshed = await refresh({ origin: APP_ORIGIN, 'x-csrf-token': session.csrfToken });
    expect(refreshed.statusCode).toBe(200);
    const rotated = [refreshed.headers['set-cookie'] ?? []].flat();
    const newRefresh = rotated.find((line) => line.startsWith('ll_refresh='))!.split(';')[0];
    expect(session.cookie).not.toContain(newRefresh);
  });

  it('logs out: the session ends and the cookies are cleared', async () => {
    const user = await newUser(ctx);
    const session = await cookieLogin(ctx, user);
    const out = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: session.cookie, origin: APP_ORIGIN, 'x-csrf-token': session.csrfToken },
    });
    expect(out.statusCode).toBe(204);
    const cleared = [out.headers['set-cookie'] ?? []].flat();
    expect(cleared.filter((line) => /Max-Age=0/.test(line))).toHaveLength(3);
    expectProblem(
      await ctx.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session.cookie } }),
      401,
      'AUTH_TOKEN_INVALID',
    );
  });

  it('needs no CSRF token with a bearer token, which a third-party page cannot send', async () => {
    const user = await newUser(ctx);
    const response = await ctx.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: user.headers,
      payload: { displayName: 'Bearer' },
    });
    expect(response.statusCode).toBe(200);
  });
});
