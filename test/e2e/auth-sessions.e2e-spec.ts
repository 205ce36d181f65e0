import { setTimeout as sleep } from 'node:timers/promises';
import { hashToken } from 'src/platform/crypto/secret-tokens';
import { withDatabase } from 'test/support/database';
import { login, newUser, strongPassword, TestUser } from 'test/support/auth';
import { expectProblem } from 'test/support/problem';
import { FakeClock } from 'test/support/fake-clock';
import { startTestApp, TestApp } from 'test/support/test-app';

describe('sessions: refresh rotation, reuse, logout, password change, lockout', () => {
  let ctx: TestApp;

  beforeAll(async () => {
    ctx = await startTestApp({
      METRICS_ACCESS: 'open',
      LOGIN_LOCKOUT_THRESHOLD: '3',
      LOGIN_LOCKOUT_BASE_S: '1',
      LOGIN_LOCKOUT_MAX_S: '2',
    });
  });

  afterAll(async () => {
    await ctx.close();
  });

  const me = (headers: Record<string, string>) =>
    ctx.inject({ method: 'GET', url: '/api/v1/me', headers });
  const refresh = (refreshToken: string) =>
    ctx.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });
  const bearer = (accessToken: string) => ({ authorization: `Bearer ${accessToken}` });

  describe('refresh', () => {
    it('rotates: each refresh returns a new pair and spends the old refresh token', async () => {
      const user = await newUser(ctx);
      const first = await refresh(user.refreshToken);
      expect(first.statusCode).toBe(200);
      const pair = first.json<{ accessToken: string; refreshToken: string }>();
      expect(pair.refreshToken).not.toBe(user.refreshToken);
      expect((await me(bearer(pair.accessToken))).statusCode).toBe(200);
      const second = await refresh(pair.refreshToken);
      expect(second.statusCode).toBe(200);
    });

    it.each([
      ['an unknown token', 'llr_' + 'A'.repeat(43)],
      ['an oversized token', 'x'.repeat(201)],
    ])('refuses %s', async (_, token) => {
      const response = await refresh(token);
      expect([400, 401]).toContain(response.statusCode);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
    });

    it('refuses a request without any refresh token', async () => {
      expectProblem(
        await ctx.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: {} }),
        401,
        'AUTH_REFRESH_TOKEN_INVALID',
      );
    });
  });

  describe('logout and sessions', () => {
    it('logout ends the session on its next request, refresh token included', async () => {
      const user = await newUser(ctx);
      const other = await login(ctx, user.email, user.password);
      const out = await ctx.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: user.headers,
      });
      expect(out.statusCode).toBe(204);
      expectProblem(await me(user.headers), 401, 'AUTH_TOKEN_INVALID');
      expectProblem(await refresh(user.refreshToken), 401, 'AUTH_REFRESH_TOKEN_INVALID');
      // Another session of the same user is untouched.
      expect((await me(other.headers)).statusCode).toBe(200);
    });

    it('lists my live sessions and revokes one, or all but the current', async () => {
      const user = await newUser(ctx);
      const second = await login(ctx, user.email, user.password);
      const third = await login(ctx, user.email, user.password);
      const list = await ctx.inject({
        method: 'GET',
        url: '/api/v1/me/sessions?limit=2',
        headers: user.headers,
      });
      expect(list.statusCode).toBe(200);
      const page = list.json<{ data: { id: string; current: boolean }[]; nextCursor: string }>();
      expect(page.data).toHaveLength(2);
      const rest = await ctx.inject({
        method: 'GET',
        url: `/api/v1/me/sessions?limit=2&cursor=${page.nextCursor}`,
        headers: user.headers,
      });
      const all = [...page.data, ...rest.json<{ data: { id: string; current: boolean }[] }>().data];
      expect(all).toHaveLength(3);
      expect(all.filter((session) => session.current)).toHaveLength(1);

      const target = all.find((session) => !session.current)!;
      const revoke = await ctx.inject({
        method: 'DELETE',
        url: `/api/v1/me/sessions/${target.id}`,
        headers: user.headers,
      });
      expect(revoke.statusCode).toBe(204);
      expectProblem(
        await ctx.inject({
          method: 'DELETE',
          url: `/api/v1/me/sessions/${target.id}`,
          headers: user.headers,
        }),
        404,
        'NOT_FOUND',
      );
      const others = await ctx.inject({
        method: 'DELETE',
        url: '/api/v1/me/sessions',
        headers: user.headers,
      });
      expect(others.statusCode).toBe(204);
      expect((await me(user.headers)).statusCode).toBe(200);
      for (const session of [second, third])
        expectProblem(await me(session.headers), 401, 'AUTH_TOKEN_INVALID');
    });

    it("answers 404 for another user's session and a malformed id with 400", async () => {
      const [alice, bob] = await Promise.all([newUser(ctx), newUser(ctx)]);
      const bobs = (
        await ctx.inject({ method: 'GET', url: '/api/v1/me/sessions', headers: bob.headers })
      ).json<{ data: { id: string }[] }>().data[0].id;
      expectProblem(
        await ctx.inject({
          method: 'DELETE',
          url: `/api/v1/me/sessions/${bobs}`,
          headers: alice.headers,
        }),
        404,
        'NOT_FOUND',
      );
      expect((await me(bob.headers)).statusCode).toBe(200);
      expectProblem(
        await ctx.inject({
          method: 'DELETE',
          url: '/api/v1/me/sessions/not-a-uuid',
          headers: alice.headers,
        }),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('password change', () => {
    const change = (user: TestUser, payload: object) =>
      ctx.inject({ method: 'POST', url: '/api/v1/me/password', headers: user.headers, payload });

    it('needs the current password and a policy-compliant new one', async () => {
      const user = await newUser(ctx);
      const wrong = expectProblem(
        await change(user, { currentPassword: 'nope', newPassword: strongPassword() }),
        400,
        'VALIDATION_FAILED',
      );
      expect(JSON.stringify(wrong.errors)).toContain('currentPassword');
      const weak = expectProblem(
        await change(user, { currentPassword: user.password, newPassword: 'short' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(JSON.stringify(weak.errors)).toContain('newPassword');
      await expect(login(ctx, user.email, user.password)).resolves.toHaveProperty('accessToken');
    });

    it('ends every other session on their next request and keeps this one', async () => {
      const user = await newUser(ctx);
      const elsewhere = await login(ctx, user.email, user.password);
      const newPassword = strongPassword();
      expect((await change(user, { currentPassword: user.password, newPassword })).statusCode).toBe(
        204,
      );
      expect((await me(user.headers)).statusCode).toBe(200);
      expectProblem(await me(elsewhere.headers), 401, 'AUTH_TOKEN_INVALID');
      expectProblem(await refresh(elsewhere.refreshToken), 401, 'AUTH_REFRESH_TOKEN_INVALID');
      await expect(login(ctx, user.email, user.password)).rejects.toThrow(/401/);
      await expect(login(ctx, user.email, newPassword)).resolves.toHaveProperty('accessToken');
    });
  });

  describe('lockout', () => {
    const attempt = (email: string, password: string) =>
      ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    const lockedUntil = (id: string) =>
      withDatabase(
        ctx.database.url,
        async (client) =>
          (
            await client.query<{ locked_until: Date | null }>(
              'SELECT locked_until FROM users WHERE id = $1',
              [id],
            )
          ).rows[0].locked_until,
      );

    it('locks temporarily after repeated failures, answering exactly like a wrong password, and escalates', async () => {
      const user = await newUser(ctx);
      const failures = [];
      for (let i = 0; i < 3; i++)
        failures.push(
          expectProblem(
            await attempt(user.email, 'wrong-password-x'),
            401,
            'AUTH_INVALID_CREDENTIALS',
          ),
        );
      const first = await lockedUntil(user.id);
      expect(first).not.toBeNull();

      // While locked, even the right password gets the wrong-password answer.
      const whileLocked = expectProblem(
        await attempt(user.email, user.password),
        401,
        'AUTH_INVALID_CREDENTIALS',
      );
      expect({ ...whileLocked, requestId: undefined }).toEqual({
        ...failures[0],
        requestId: undefined,
      });

      await sleep(first!.getTime() - Date.now() + 50);
      // Never permanent: it opens again; three more failures lock it for twice as long.
      for (let i = 0; i < 3; i++) await attempt(user.email, 'wrong-password-x');
      const second = await lockedUntil(user.id);
      const now = Date.now();
      expect(second!.getTime() - now).toBeGreaterThan(1000);
      expect(second!.getTime() - now).toBeLessThanOrEqual(2000);
      await sleep(second!.getTime() - Date.now() + 50);
      expect((await attempt(user.email, user.password)).statusCode).toBe(200);
      const metrics = await ctx.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toMatch(/^auth_lockouts_total [2-9]/m);
    });

    it('a success resets the count of failures', async () => {
      const user = await newUser(ctx);
      await attempt(user.email, 'wrong-password-x');
      await attempt(user.email, 'wrong-password-x');
      expect((await attempt(user.email, user.password)).statusCode).toBe(200);
      await attempt(user.email, 'wrong-password-x');
      await attempt(user.email, 'wrong-password-x');
      expect(await lockedUntil(user.id)).toBeNull();
    });
  });

  describe('reuse of a rotated refresh token, with a grace window', () => {
    const GRACE_S = 10;
    // Starts at the real time: access tokens are verified against it.
    const clock = new FakeClock(new Date());
    let timed: TestApp;

    beforeAll(async () => {
      timed = await startTestApp(
        { METRICS_ACCESS: 'open', REFRESH_TOKEN_REUSE_GRACE_S: String(GRACE_S) },
        [],
        undefined,
        clock,
      );
    });

    afterAll(async () => {
      await timed.close();
    });

    type Pair = { accessToken: string; refreshToken: string };
    const refreshOn = (refreshToken: string) =>
      timed.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });
    const meOn = (accessToken: string) =>
      timed.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(accessToken) });
    const sessionRows = (userId: string) =>
      withDatabase(
        timed.database.url,
        async (client) =>
          (
            await client.query<{ revoked_reason: string | null }>(
              'SELECT revoked_reason FROM sessions WHERE user_id = $1',
              [userId],
            )
          ).rows,
      );

    it('answers two simultaneous refreshes with the same token with the same successor', async () => {
      const user = await newUser(timed);
      const results = await Promise.all([
        refreshOn(user.refreshToken),
        refreshOn(user.refreshToken),
      ]);
      expect(results.map((response) => response.statusCode)).toEqual([200, 200]);
      const [first, second] = results.map((response) => response.json<Pair>());
      expect(first.refreshToken).not.toBe(user.refreshToken);
      expect(second.refreshToken).toBe(first.refreshToken);
      expect((await meOn(first.accessToken)).statusCode).toBe(200);
      expect((await meOn(second.accessToken)).statusCode).toBe(200);
      expect(await sessionRows(user.id)).toEqual([{ revoked_reason: null }]);
      // Only one successor was issued: the family is the login token and that one.
      const tokens = await withDatabase(
        timed.database.url,
        async (client) =>
          (
            await client.query<{ count: string }>(
              `SELECT count(*) FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
                WHERE s.user_id = $1`,
              [user.id],
            )
          ).rows[0].count,
      );
      expect(tokens).toBe('2');
    });

    it('keeps the successor working inside the window, and the spent token replaying it', async () => {
      const user = await newUser(timed);
      const rotated = (await refreshOn(user.refreshToken)).json<Pair>();
      clock.advance((GRACE_S - 1) * 1000);
      const replayed = await refreshOn(user.refreshToken);
      expect(replayed.statusCode).toBe(200);
      expect(replayed.json<Pair>().refreshToken).toBe(rotated.refreshToken);
      const next = await refreshOn(rotated.refreshToken);
      expect(next.statusCode).toBe(200);
      expect((await meOn(next.json<Pair>().accessToken)).statusCode).toBe(200);
      expect(await sessionRows(user.id)).toEqual([{ revoked_reason: null }]);
    });

    it('treats the spent token after the window as theft: the whole session family is revoked', async () => {
      const user = await newUser(timed);
      const rotated = (await refreshOn(user.refreshToken)).json<Pair>();
      clock.advance(GRACE_S * 1000 + 1);
      // The stolen (already used) token comes back.
      expectProblem(await refreshOn(user.refreshToken), 401, 'AUTH_REFRESH_TOKEN_INVALID');
      // The legitimate holder's newer tokens die with it, on their next request.
      expectProblem(await refreshOn(rotated.refreshToken), 401, 'AUTH_REFRESH_TOKEN_INVALID');
      expectProblem(await meOn(rotated.accessToken), 401, 'AUTH_TOKEN_INVALID');
      expect(await sessionRows(user.id)).toEqual([{ revoked_reason: 'refresh_token_reuse' }]);
      const metrics = await timed.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toMatch(/^auth_refresh_token_reuse_total [1-9]/m);
    });

    it('keeps a sealed successor only while it can be replayed', async () => {
      const user = await newUser(timed);
      const first = (await refreshOn(user.refreshToken)).json<Pair>();
      clock.advance(GRACE_S * 1000 + 1);
      const second = await refreshOn(first.refreshToken);
      expect(second.statusCode).toBe(200);
      const boxes = await withDatabase(
        timed.database.url,
        async (client) =>
          (
            await client.query<{ token_hash: string; successor_sealed: Buffer | null }>(
              `SELECT t.token_hash, t.successor_sealed FROM refresh_tokens t
                 JOIN sessions s ON s.id = t.session_id WHERE s.user_id = $1`,
              [user.id],
            )
          ).rows,
      );
      const boxOf = (token: string) =>
        boxes.find((row) => row.token_hash === hashToken(token))?.successor_sealed;
      // Spent outside the window: forgotten. Spent just now: kept, and not readable as such.
      expect(boxOf(user.refreshToken)).toBeNull();
      expect(boxOf(first.refreshToken)).toBeInstanceOf(Buffer);
      expect(boxOf(first.refreshToken)!.toString('latin1')).not.toContain('llr_');
      expect(boxOf(second.json<Pair>().refreshToken)).toBeNull();
    });

    it('does not let a replay outlive a logout', async () => {
      const user = await newUser(timed);
      await refreshOn(user.refreshToken);
      const out = await timed.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: user.headers,
      });
      expect(out.statusCode).toBe(204);
      expectProblem(await refreshOn(user.refreshToken), 401, 'AUTH_REFRESH_TOKEN_INVALID');
    });
  });
});
