import { ApiKeysService } from 'src/modules/auth/api-keys/api-keys.service';
import { withDatabase } from 'test/support/database';
import { newUser, TestUser } from 'test/support/auth';
import { expectProblem } from 'test/support/problem';
import { startTestApp, TestApp } from 'test/support/test-app';

interface CreatedKey {
  id: string;
  key: string;
  prefix: string;
  scopes: string[];
}

describe('API keys', () => {
  let ctx: TestApp;

  beforeAll(async () => {
    ctx = await startTestApp({
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_AUTHENTICATED: '5/1m',
      // Every test logs a new user in from the same address.
      RATE_LIMIT_LOGIN: '1000/1m',
    });
  });

  afterAll(async () => {
    await ctx.close();
  });

  const create = (user: TestUser, payload: object) =>
    ctx.inject({ method: 'POST', url: '/api/v1/me/api-keys', headers: user.headers, payload });
  const createKey = async (
    user: TestUser,
    scopes: string[],
    extra: object = {},
  ): Promise<CreatedKey> => {
    const response = await create(user, { name: 'script', scopes, ...extra });
    expect(response.statusCode).toBe(201);
    return response.json<CreatedKey>();
  };
  const me = (headers: Record<string, string>) =>
    ctx.inject({ method: 'GET', url: '/api/v1/me', headers });

  it('shows the secret once, stores only its hash, and lists the key without it', async () => {
    const user = await newUser(ctx);
    const created = await createKey(user, ['profile:read']);
    expect(created.key).toMatch(/^llk_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    const stored = await withDatabase(ctx.database.url, async (client) =>
      JSON.stringify(
        (await client.query('SELECT * FROM api_keys WHERE id = $1', [created.id])).rows,
      ),
    );
    expect(stored).not.toContain(created.key);
    const list = await ctx.inject({
      method: 'GET',
      url: '/api/v1/me/api-keys',
      headers: user.headers,
    });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(created.key);
    expect(list.json<{ data: { id: string; prefix: string }[] }>().data).toEqual([
      expect.objectContaining({ id: created.id, prefix: created.prefix, scopes: ['profile:read'] }),
    ]);
  });

  it('authenticates with Authorization: Bearer and with X-API-Key, within its scopes only', async () => {
    const user = await newUser(ctx);
    const { key } = await createKey(user, ['profile:read']);
    expect((await me({ authorization: `Bearer ${key}` })).json()).toMatchObject({ id: user.id });
    expect((await me({ 'x-api-key': key })).statusCode).toBe(200);
    const patch = await ctx.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { 'x-api-key': key },
      payload: { displayName: 'x' },
    });
    expectProblem(patch, 403, 'INSUFFICIENT_SCOPE');
    // Routes that declare no scope are not for keys at all: a key cannot mint keys.
    expectProblem(
      await create(
        { ...user, headers: { authorization: `Bearer ${key}` } },
        { name: 'n', scopes: ['profile:read'] },
      ),
      403,
      'INSUFFICIENT_SCOPE',
    );
  });

  it('stops working at once when revoked, and revoking twice is harmless', async () => {
    const user = await newUser(ctx);
    const { id, key } = await createKey(user, ['profile:read']);
    const revoke = () =>
      ctx.inject({ method: 'DELETE', url: `/api/v1/me/api-keys/${id}`, headers: user.headers });
    expect((await revoke()).statusCode).toBe(204);
    expectProblem(await me({ 'x-api-key': key }), 401, 'AUTH_TOKEN_INVALID');
    expect((await revoke()).statusCode).toBe(204);
  });

  it("answers 404 for another user's key", async () => {
    const [alice, bob] = await Promise.all([newUser(ctx), newUser(ctx)]);
    const { id, key } = await createKey(bob, ['profile:read']);
    const response = await ctx.inject({
      method: 'DELETE',
      url: `/api/v1/me/api-keys/${id}`,
      headers: alice.headers,
    });
    expectProblem(response, 404, 'NOT_FOUND');
    expect((await me({ 'x-api-key': key })).statusCode).toBe(200);
  });

  it('stops working after its expiry', async () => {
    const user = await newUser(ctx);
    const { id, key } = await createKey(user, ['profile:read'], {
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect((await me({ 'x-api-key': key })).statusCode).toBe(200);
    await withDatabase(ctx.database.url, (client) =>
      client.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [
        id,
      ]),
    );
    expectProblem(await me({ 'x-api-key': key }), 401, 'AUTH_TOKEN_INVALID');
  });

  it('stops working when its user is deactivated', async () => {
    const user = await newUser(ctx);
    const { key } = await createKey(user, ['profile:read']);
    await withDatabase(ctx.database.url, (client) =>
      client.query(`UPDATE users SET status = 'deactivated' WHERE id = $1`, [user.id]),
    );
    expectProblem(await me({ 'x-api-key': key }), 401, 'AUTH_TOKEN_INVALID');
  });

  it.each([
    ['an unknown scope', { name: 'k', scopes: ['everything:all'] }, 'scopes'],
    ['a malformed scope', { name: 'k', scopes: ['READ'] }, 'scopes'],
    ['no scopes', { name: 'k', scopes: [] }, 'scopes'],
    ['duplicate scopes', { name: 'k', scopes: ['profile:read', 'profile:read'] }, 'scopes'],
    ['no name', { scopes: ['profile:read'] }, 'name'],
    ['an oversized name', { name: 'x'.repeat(101), scopes: ['profile:read'] }, 'name'],
    [
      'an expiry in the past',
      { name: 'k', scopes: ['profile:read'], expiresAt: '2001-01-01T00:00:00Z' },
      'expiresAt',
    ],
    [
      'an expiry that is not a date',
      { name: 'k', scopes: ['profile:read'], expiresAt: 'tomorrow' },
      'expiresAt',
    ],
    ['an unknown field', { name: 'k', scopes: ['profile:read'], admin: true }, 'admin'],
  ])('refuses %s and creates nothing', async (_, payload, field) => {
    const user = await newUser(ctx);
    const body = expectProblem(await create(user, payload), 400, 'VALIDATION_FAILED');
    expect((body.errors as { field: string }[]).map((error) => error.field)).toContain(field);
    const list = await ctx.inject({
      method: 'GET',
      url: '/api/v1/me/api-keys',
      headers: user.headers,
    });
    expect(list.json<{ data: unknown[] }>().data).toEqual([]);
  });

  it('lists the scopes a key can be given: those the routes declare', async () => {
    const user = await newUser(ctx);
    const response = await ctx.inject({
      method: 'GET',
      url: '/api/v1/me/api-keys/scopes',
      headers: user.headers,
    });
    expect(response.json<{ scopes: string[] }>().scopes).toEqual(
      expect.arrayContaining(['profile:read', 'profile:write']),
    );
  });

  it('keeps the last use without a write per request, flushed in one batch', async () => {
    const user = await newUser(ctx);
    const { id, key } = await createKey(user, ['profile:read']);
    await me({ 'x-api-key': key });
    const lastUsed = () =>
      withDatabase(
        ctx.database.url,
        async (client) =>
          (
            await client.query<{ last_used_at: Date | null }>(
              'SELECT last_used_at FROM api_keys WHERE id = $1',
              [id],
            )
          ).rows[0].last_used_at,
      );
    expect(await lastUsed()).toBeNull();
    await ctx.app.get(ApiKeysService).flushUsage();
    expect(await lastUsed()).toBeInstanceOf(Date);
  });

  it('rate-limits per key and per user, each with its own counter', async () => {
    const user = await newUser(ctx);
    const [first, second] = [
      await createKey(user, ['profile:read']),
      await createKey(user, ['profile:read']),
    ];
    const statuses = async (headers: Record<string, string>, times: number) => {
      const results: number[] = [];
      for (let i = 0; i < times; i++) results.push((await me(headers)).statusCode);
      return results;
    };
    expect(await statuses({ 'x-api-key': first.key }, 6)).toEqual([200, 200, 200, 200, 200, 429]);
    // Another key of the same user, and the user's own token, still have their allowance.
    expect(await statuses({ 'x-api-key': second.key }, 1)).toEqual([200]);
    expect(await statuses(user.headers, 1)).toEqual([200]);
  });
});
