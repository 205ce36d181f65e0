import { withDatabase } from 'test/support/database';
import { login, newUser, TestUser } from 'test/support/auth';
import { expectProblem } from 'test/support/problem';
import { startTestApp, TestApp } from 'test/support/test-app';

describe('administration: users, roles, deactivation, sessions, audit', () => {
  let ctx: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    ctx = await startTestApp();
    admin = await newUser(ctx, { role: 'admin' });
  });

  afterAll(async () => {
    await ctx.close();
  });

  const as = (
    user: TestUser,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
  ) => ctx.inject({ method, url, headers: user.headers, ...(payload ? { payload } : {}) });
  const me = (user: Pick<TestUser, 'headers'>) =>
    ctx.inject({ method: 'GET', url: '/api/v1/me', headers: user.headers });

  it('is for administrators only', async () => {
    const user = await newUser(ctx);
    expectProblem(await as(user, 'GET', '/api/v1/admin/users'), 403, 'FORBIDDEN');
    expectProblem(await as(user, 'GET', '/api/v1/admin/audit-events'), 403, 'FORBIDDEN');
  });

  it('lists and searches accounts, newest first, page by page', async () => {
    const tag = `find-${Date.now()}`;
    const found = [];
    for (let i = 0; i < 3; i++)
      found.push(await newUser(ctx, { email: `${tag}-${i}@example.org` }));
    const first = await as(admin, 'GET', `/api/v1/admin/users?q=${tag}&limit=2`);
    expect(first.statusCode).toBe(200);
    const page = first.json<{ data: { email: string }[]; nextCursor: string }>();
    expect(page.data.map((user) => user.email)).toEqual([found[2].email, found[1].email]);
    const second = await as(
      admin,
      'GET',
      `/api/v1/admin/users?q=${tag}&limit=2&cursor=${page.nextCursor}`,
    );
    expect(second.json<{ data: { email: string }[]; nextCursor: null }>()).toMatchObject({
      data: [{ email: found[0].email }],
      nextCursor: null,
    });
    const admins = await as(admin, 'GET', '/api/v1/admin/users?role=admin');
    expect(admins.json<{ data: { id: string }[] }>().data.map((user) => user.id)).toContain(
      admin.id,
    );
  });

  it('pages through accounts created in the same millisecond without skipping or repeating any', async () => {
    const tag = `same-ms-${Date.now()}`;
    await withDatabase(ctx.database.url, (client) =>
      client.query(
        `INSERT INTO users (email, display_name, password_hash, created_at)
         SELECT $1 || '-' || n || '@example.org', 'Twin', 'x', '2026-01-01T00:00:00.123Z' FROM generate_series(1, 7) n`,
        [tag],
      ),
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/admin/users?q=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await as(admin, 'GET', url)).json<{
        data: { email: string }[];
        nextCursor: string | null;
      }>();
      seen.push(...page.data.map((user) => user.email));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });

  it.each([
    ['a cursor holding a bad timestamp', '/api/v1/admin/users?cursor=WyJ5ZXN0ZXJkYXkiLCJ4Il0'],
    ['an unknown role filter', '/api/v1/admin/users?role=root'],
    ['an unknown status filter', '/api/v1/admin/users?status=sleeping'],
    ['a limit above 100', '/api/v1/admin/users?limit=101'],
    ['a forged cursor', '/api/v1/admin/users?cursor=bm90LWEtY3Vyc29y'],
    ['an unknown query parameter', '/api/v1/admin/users?sort=email'],
    ['a malformed id', '/api/v1/admin/users/42'],
  ])('refuses %s with 400', async (_, url) => {
    expectProblem(await as(admin, 'GET', url), 400, 'VALIDATION_FAILED');
  });

  it('deactivation takes effect on the next request, and reactivation lets the user log in again', async () => {
    const user = await newUser(ctx);
    const deactivated = await as(admin, 'POST', `/api/v1/admin/users/${user.id}/deactivate`);
    expect(deactivated.json()).toMatchObject({ id: user.id, status: 'deactivated' });
    expectProblem(await me(user), 401, 'AUTH_TOKEN_INVALID');
    await expect(login(ctx, user.email, user.password)).rejects.toThrow(/401/);
    expect(
      (await as(admin, 'POST', `/api/v1/admin/users/${user.id}/reactivate`)).json(),
    ).toMatchObject({ status: 'active' });
    // Deactivation ended the old sessions for good; a new login works.
    expectProblem(await me(user), 401, 'AUTH_TOKEN_INVALID');
    expect((await me(await login(ctx, user.email, user.password))).statusCode).toBe(200);
  });

  it('a role change takes effect on the next request', async () => {
    const user = await newUser(ctx);
    expectProblem(await as(user, 'GET', '/api/v1/admin/users'), 403, 'FORBIDDEN');
    const promoted = await as(admin, 'PUT', `/api/v1/admin/users/${user.id}/role`, {
      role: 'admin',
    });
    expect(promoted.json()).toMatchObject({ role: 'admin' });
    expect((await as(user, 'GET', '/api/v1/admin/users')).statusCode).toBe(200);
    await as(admin, 'PUT', `/api/v1/admin/users/${user.id}/role`, { role: 'user' });
    expectProblem(await as(user, 'GET', '/api/v1/admin/users'), 403, 'FORBIDDEN');
    expectProblem(
      await as(admin, 'PUT', `/api/v1/admin/users/${user.id}/role`, { role: 'owner' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it("revokes all of a user's sessions", async () => {
    const user = await newUser(ctx);
    const other = await login(ctx, user.email, user.password);
    expect((await as(admin, 'DELETE', `/api/v1/admin/users/${user.id}/sessions`)).statusCode).toBe(
      204,
    );
    expectProblem(await me(user), 401, 'AUTH_TOKEN_INVALID');
    expectProblem(await me(other), 401, 'AUTH_TOKEN_INVALID');
  });

  it('never removes the last active administrator', async () => {
    const solo = await startTestApp();
    try {
      const onlyAdmin = await newUser(solo, { role: 'admin' });
      const demote = await solo.inject({
        method: 'PUT',
        url: `/api/v1/admin/users/${onlyAdmin.id}/role`,
        headers: onlyAdmin.headers,
        payload: { role: 'user' },
      });
      expectProblem(demote, 409, 'CONFLICT');
      const deactivate = await solo.inject({
        method: 'POST',
        url: `/api/v1/admin/users/${onlyAdmin.id}/deactivate`,
        headers: onlyAdmin.headers,
      });
      expectProblem(deactivate, 409, 'CONFLICT');
    } finally {
      await solo.close();
    }
  });

  it('creates the first administrator from ADMIN_EMAIL/ADMIN_PASSWORD at first start, and only then', async () => {
    const password = 'first admin passphrase 2026';
    const fresh = await startTestApp({
      ADMIN_EMAIL: 'Boot.Admin@example.org',
      ADMIN_PASSWORD: password,
    });
    try {
      const session = await login(fresh, 'boot.admin@example.org', password);
      expect(
        (
          await fresh.inject({
            method: 'GET',
            url: '/api/v1/admin/users',
            headers: session.headers,
          })
        ).statusCode,
      ).toBe(200);
    } finally {
      await fresh.close();
    }
    await expect(
      startTestApp({ ADMIN_EMAIL: 'weak@example.org', ADMIN_PASSWORD: 'password1234' }),
    ).rejects.toThrow(/password/);
  });

  it('answers 404 for an unknown user', async () => {
    expectProblem(
      await as(
        admin,
        'POST',
        '/api/v1/admin/users/00000000-0000-4000-8000-000000000000/deactivate',
      ),
      404,
      'NOT_FOUND',
    );
  });

  describe('audit trail', () => {
    it('shows what happened, filtered, and verifies the chain', async () => {
      const user = await newUser(ctx);
      await as(admin, 'POST', `/api/v1/admin/users/${user.id}/deactivate`);
      const events = await as(
        admin,
        'GET',
        `/api/v1/admin/audit-events?resourceType=user&resourceId=${user.id}`,
      );
      expect(events.statusCode).toBe(200);
      const actions = events.json<{
        data: { action: string; actor: { type: string; id: string } }[];
      }>().data;
      expect(actions[0]).toMatchObject({
        action: 'account.deactivated',
        actor: { type: 'user', id: admin.id },
      });
      const verify = await as(admin, 'GET', '/api/v1/admin/audit-events/verify');
      expect(verify.json()).toMatchObject({ valid: true });
    });

    it('shows users their own security activity only', async () => {
      const [alice, bob] = await Promise.all([newUser(ctx), newUser(ctx)]);
      await ctx.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: alice.email, password: 'wrong-wrong-wrong' },
      });
      const activity = await as(alice, 'GET', '/api/v1/me/activity');
      const actions = activity
        .json<{ data: { action: string }[] }>()
        .data.map((event) => event.action);
      expect(actions).toEqual(['auth.login.failed', 'auth.login.succeeded']);
      const bobs = await as(bob, 'GET', '/api/v1/me/activity');
      expect(bobs.json<{ data: { action: string }[] }>().data.map((event) => event.action)).toEqual(
        ['auth.login.succeeded'],
      );
    });
  });
});
