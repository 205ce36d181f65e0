import * as argon2 from 'argon2';
import { withDatabase } from 'test/support/database';
import { login, newUser, strongPassword, uniqueEmail } from 'test/support/auth';
import { expectProblem } from 'test/support/problem';
import { startTestApp, TestApp } from 'test/support/test-app';

describe('accounts: registration, login, profile, deletion', () => {
  let ctx: TestApp;

  beforeAll(async () => {
    ctx = await startTestApp();
  });

  afterAll(async () => {
    await ctx.close();
  });

  const countUsers = (email: string): Promise<number> =>
    withDatabase(ctx.database.url, async (client) => {
      const result = await client.query<{ n: string }>(
        'SELECT count(*) AS n FROM users WHERE lower(email) = lower($1)',
        [email],
      );
      return Number(result.rows[0].n);
    });

  const register = (payload: Record<string, unknown>) =>
    ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload });

  describe('registration', () => {
    it('creates an account that can log in, normalising the email', async () => {
      const email = uniqueEmail('Reg').toUpperCase();
      const password = strongPassword();
      const response = await register({ email: `  ${email} `, password, displayName: ' Ada ' });
      expect(response.statusCode).toBe(202);
      expect(await countUsers(email)).toBe(1);
      await expect(login(ctx, email.toLowerCase(), password)).resolves.toHaveProperty(
        'accessToken',
      );
    });

    it('answers a taken email exactly like a free one, whatever its case', async () => {
      const email = uniqueEmail('twin');
      const first = await register({ email, password: strongPassword(), displayName: 'One' });
      const second = await register({
        email: email.toUpperCase(),
        password: strongPassword(),
        displayName: 'Two',
      });
      expect(second.statusCode).toBe(first.statusCode);
      expect(second.json()).toEqual(first.json());
      expect(await countUsers(email)).toBe(1);
    });

    it.each([
      ['11 characters', 'abcdefghijk', /at least 12/],
      ['a common password', 'qwertyuiop123', /too common/],
      ['the product name', 'my-ledgerline-pass', /name of this service/],
    ])('refuses %s and writes nothing', async (_, password, message) => {
      const email = uniqueEmail('weak');
      const body = expectProblem(
        await register({ email, password, displayName: 'Weak' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(JSON.stringify(body.errors)).toMatch(message);
      expect(await countUsers(email)).toBe(0);
    });

    it('refuses a password that contains the email', async () => {
      const email = uniqueEmail('self');
      const response = await register({ email, password: `${email}-2026`, displayName: 'Self' });
      expectProblem(response, 400, 'VALIDATION_FAILED');
    });

    it('accepts a 64+ character passphrase without truncating it', async () => {
      const email = uniqueEmail('long');
      const password = `${'a quiet walk along the river at dawn '.repeat(3)}${strongPassword()}`;
      expect([...password].length).toBeGreaterThan(64);
      expect((await register({ email, password, displayName: 'Long' })).statusCode).toBe(202);
      await expect(login(ctx, email, password)).resolves.toHaveProperty('accessToken');
      // Truncation would make a prefix work as well.
      const prefix = await ctx.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: password.slice(0, 64) },
      });
      expectProblem(prefix, 401, 'AUTH_INVALID_CREDENTIALS');
    });

    it.each([
      [
        'an invalid email',
        { email: 'not-an-email', password: strongPassword(), displayName: 'X' },
        'email',
      ],
      [
        'an oversized email',
        { email: `${'a'.repeat(250)}@example.org`, password: strongPassword(), displayName: 'X' },
        'email',
      ],
      [
        'an empty display name',
        { email: uniqueEmail(), password: strongPassword(), displayName: '   ' },
        'displayName',
      ],
      [
        'an oversized display name',
        { email: uniqueEmail(), password: strongPassword(), displayName: 'x'.repeat(101) },
        'displayName',
      ],
      [
        'a password that is not a string',
        { email: uniqueEmail(), password: 1234567890123, displayName: 'X' },
        'password',
      ],
      [
        'an unknown field',
        { email: uniqueEmail(), password: strongPassword(), displayName: 'X', role: 'admin' },
        'role',
      ],
    ])('refuses %s with a field error', async (_, payload, field) => {
      const body = expectProblem(await register(payload), 400, 'VALIDATION_FAILED');
      expect((body.errors as { field: string }[]).map((error) => error.field)).toContain(field);
    });
  });

  describe('login', () => {
    it('returns a bearer token pair that opens /me', async () => {
      const user = await newUser(ctx);
      expect(user.accessToken.split('.')).toHaveLength(3);
      expect(user.refreshToken).toMatch(/^llr_[A-Za-z0-9_-]{43}$/);
      const me = await ctx.inject({ method: 'GET', url: '/api/v1/me', headers: user.headers });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ id: user.id, email: user.email, role: 'user' });
    });

    it('gives one answer for a wrong password and an unknown email', async () => {
      const user = await newUser(ctx);
      const attempt = (email: string) =>
        ctx.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email, password: 'definitely-wrong-1' },
        });
      const wrongPassword = expectProblem(
        await attempt(user.email),
        401,
        'AUTH_INVALID_CREDENTIALS',
      );
      const unknownEmail = expectProblem(
        await attempt(uniqueEmail('ghost')),
        401,
        'AUTH_INVALID_CREDENTIALS',
      );
      const comparable = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
      expect(comparable(unknownEmail)).toEqual(comparable(wrongPassword));
    });

    it.each([
      ['no email', { password: 'x' }],
      ['an oversized password', { email: 'a@example.org', password: 'x'.repeat(1025) }],
      [
        'an unknown token delivery',
        { email: 'a@example.org', password: 'x', tokenDelivery: 'carrier-pigeon' },
      ],
    ])('refuses %s with 400', async (_, payload) => {
      expectProblem(
        await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload }),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('rehashes a password stored with other parameters at the next login', async () => {
      const user = await newUser(ctx);
      const older = await argon2.hash(user.password, {
        type: argon2.argon2id,
        memoryCost: 2048,
        timeCost: 1,
      });
      const storedHash = () =>
        withDatabase(ctx.database.url, async (client) => {
          const result = await client.query<{ h: string }>(
            'SELECT password_hash AS h FROM users WHERE id = $1',
            [user.id],
          );
          return result.rows[0].h;
        });
      await withDatabase(ctx.database.url, (client) =>
        client.query('UPDATE users SET password_hash = $2 WHERE id = $1', [user.id, older]),
      );
      await login(ctx, user.email, user.password);
      // The test configuration's parameters (4 MiB, one pass), no longer the older ones.
      expect(await storedHash()).toMatch(/^\$argon2id\$v=19\$m=4096,p=1,t=1\$/);
      await expect(login(ctx, user.email, user.password)).resolves.toHaveProperty('accessToken');
    });
  });

  describe('OAuth2 token endpoint (Swagger Authorize)', () => {
    it('issues tokens for a form-encoded password grant, and refreshes them', async () => {
      const user = await newUser(ctx);
      const form = new URLSearchParams({
        grant_type: 'password',
        username: user.email,
        password: user.password,
      });
      const response = await ctx.inject({
        method: 'POST',
        url: '/api/v1/auth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: form.toString(),
      });
      expect(response.statusCode).toBe(200);
      const body = response.json<{
        access_token: string;
        token_type: string;
        refresh_token: string;
      }>();
      expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
      const me = await ctx.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${body.access_token}` },
      });
      expect(me.statusCode).toBe(200);
      const refreshed = await ctx.inject({
        method: 'POST',
        url: '/api/v1/auth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: body.refresh_token,
        }).toString(),
      });
      expect(refreshed.statusCode).toBe(200);
    });

    it.each([
      ['an unsupported grant', { grant_type: 'client_credentials' }],
      [
        'a password grant without a password',
        { grant_type: 'password', username: 'a@example.org' },
      ],
      ['a refresh grant without a token', { grant_type: 'refresh_token' }],
    ])('refuses %s with 400', async (_, fields) => {
      const response = await ctx.inject({
        method: 'POST',
        url: '/api/v1/auth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      });
      expectProblem(response, 400, 'VALIDATION_FAILED');
    });
  });

  describe('profile', () => {
    it('updates the display name and refuses unknown or oversized fields', async () => {
      const user = await newUser(ctx);
      const patch = (payload: object) =>
        ctx.inject({ method: 'PATCH', url: '/api/v1/me', headers: user.headers, payload });
      const updated = await patch({ displayName: 'Grace' });
      expect(updated.statusCode).toBe(200);
      expect(updated.json()).toMatchObject({ displayName: 'Grace' });
      expectProblem(await patch({ email: 'new@example.org' }), 400, 'VALIDATION_FAILED');
      expectProblem(await patch({ displayName: 'x'.repeat(101) }), 400, 'VALIDATION_FAILED');
      const me = await ctx.inject({ method: 'GET', url: '/api/v1/me', headers: user.headers });
      expect(me.json()).toMatchObject({ displayName: 'Grace', email: user.email });
    });
  });

  describe('account deletion', () => {
    it('needs the password, then removes the account and ends its tokens', async () => {
      const user = await newUser(ctx);
      const remove = (password: string) =>
        ctx.inject({
          method: 'DELETE',
          url: '/api/v1/me',
          headers: user.headers,
          payload: { password },
        });
      expectProblem(await remove('not-my-password'), 400, 'VALIDATION_FAILED');
      expect(await countUsers(user.email)).toBe(1);
      expect((await remove(user.password)).statusCode).toBe(204);
      expect(await countUsers(user.email)).toBe(0);
      const me = await ctx.inject({ method: 'GET', url: '/api/v1/me', headers: user.headers });
      expectProblem(me, 401, 'AUTH_TOKEN_INVALID');
      await expect(login(ctx, user.email, user.password)).rejects.toThrow(/401/);
    });
  });
});
