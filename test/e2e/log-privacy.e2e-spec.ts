import { randomBytes } from 'node:crypto';
import { format } from 'node:util';
import { withDatabase } from 'test/support/database';
import { strongPassword, uniqueEmail } from 'test/support/auth';
import { call, categoriesOf } from 'test/support/expenses-api';
import { ReceivedMail, SmtpSink } from 'test/support/smtp-sink';
import { SqlFailureProbeModule } from 'test/support/sql-failure-probe.module';
import { startTestApp, TestApp } from 'test/support/test-app';

function tokenIn(mail: ReceivedMail): string {
  const match = /token=([A-Za-z0-9_-]{43})/.exec(mail.text);
  if (!match) throw new Error(`no token in: ${mail.text}`);
  return match[1];
}

const unique = (label: string) => `${label}-${randomBytes(6).toString('hex')}`;

/**
 * Every secret and personal value a client can send, sent through succeeding and failing paths
 * (database errors of several kinds, validation, authentication), and none of them — nor the
 * password's argon2 hash or the API key's hash — anywhere in what the app writes: its JSON log
 * lines, and anything printed to the console or straight to stdout/stderr (where TypeORM's own
 * loggers wrote).
 */
describe('logs hold nothing secret or personal', () => {
  let sink: SmtpSink;
  let ctx: TestApp;
  const captured: string[] = [];
  const restore: (() => void)[] = [];

  beforeAll(async () => {
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      stream.write = (chunk: unknown, ...rest: unknown[]) => {
        captured.push(String(chunk));
        return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
      };
      restore.push(() => (stream.write = original));
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      const spy = jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        captured.push(format(...args));
      });
      restore.push(() => spy.mockRestore());
    }
    sink = await SmtpSink.start();
    ctx = await startTestApp(
      { LOG_LEVEL: 'trace', SMTP_URL: sink.url, PUBLIC_URL: 'https://app.example.com' },
      [SqlFailureProbeModule],
      { write: (line: string) => void captured.push(line) },
    );
  });

  afterAll(async () => {
    await ctx.close();
    await sink.stop();
    for (const undo of restore.reverse()) undo();
  });

  it('never logs a password, token, key, cookie, hash, email, name, payee, note or tag', async () => {
    const sent = {
      email: uniqueEmail('privacy'),
      otherEmail: uniqueEmail('privacy-other'),
      password: strongPassword(),
      wrongPassword: strongPassword(),
      newPassword: strongPassword(),
      resetPassword: strongPassword(),
      displayName: unique('Zebulon Quixote'),
      newDisplayName: unique('Ottoline Farnsworth'),
      payee: unique('Brasserie Lipp'),
      note: unique('birthday dinner for Margarethe'),
      tag: unique('tag-quokka'),
      categoryName: unique('Category Marmot'),
      bogusRefreshToken: `llr_${randomBytes(32).toString('base64url')}`,
      bogusApiKey: `llk_${randomBytes(32).toString('base64url')}`,
      bogusAccessToken: `eyJ${randomBytes(40).toString('base64url')}.e30.${randomBytes(20).toString('base64url')}`,
      bogusMailToken: randomBytes(32).toString('base64url'),
    };
    const received: Record<string, string> = {};
    const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
      ctx.inject({ method: 'POST', url, payload, headers });

    // Registration (success, then the same address again), verification by the mailed token.
    expect(
      (
        await post('/api/v1/auth/register', {
          email: sent.email,
          password: sent.password,
          displayName: sent.displayName,
        })
      ).statusCode,
    ).toBe(202);
    const verification = await sink.waitForMessage((mail) => mail.recipients.includes(sent.email));
    received.verificationToken = tokenIn(verification);
    await post('/api/v1/auth/register', {
      email: sent.email,
      password: sent.wrongPassword,
      displayName: sent.newDisplayName,
    });
    expect(
      (await post('/api/v1/auth/verify-email', { token: received.verificationToken })).statusCode,
    ).toBe(204);
    // Validation failures carrying the values.
    await post('/api/v1/auth/register', {
      email: sent.otherEmail,
      password: sent.wrongPassword,
      displayName: sent.displayName,
      unknownField: sent.note,
    });
    await post('/api/v1/auth/verify-email', { token: sent.bogusMailToken });

    // Authentication: failures, then bearer and cookie sessions.
    await post('/api/v1/auth/login', { email: sent.email, password: sent.wrongPassword });
    await post('/api/v1/auth/login', { email: sent.otherEmail, password: sent.password });
    const login = await post('/api/v1/auth/login', { email: sent.email, password: sent.password });
    expect(login.statusCode).toBe(200);
    const tokens = login.json<{ accessToken: string; refreshToken: string }>();
    received.accessToken = tokens.accessToken;
    received.refreshToken = tokens.refreshToken;
    const cookieLogin = await post('/api/v1/auth/login', {
      email: sent.email,
      password: sent.password,
      tokenDelivery: 'cookie',
    });
    received.csrfToken = cookieLogin.json<{ csrfToken: string }>().csrfToken;
    const setCookies = ([] as string[]).concat(cookieLogin.headers['set-cookie'] ?? []);
    const cookieValues = setCookies.map((line) => line.split(';')[0]);
    cookieValues.forEach((pair, index) => (received[`cookie${index}`] = pair.split('=')[1]));
    const cookieHeader = cookieValues.join('; ');
    await ctx.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookieHeader } });
    await ctx.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { cookie: cookieHeader, 'x-csrf-token': 'not-the-csrf-token' },
      payload: { displayName: sent.newDisplayName },
    });
    await ctx.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${sent.bogusAccessToken}` },
    });
    await post('/api/v1/auth/refresh', { refreshToken: sent.bogusRefreshToken });
    const refreshed = await post('/api/v1/auth/refresh', { refreshToken: received.refreshToken });
    expect(refreshed.statusCode).toBe(200);
    received.rotatedRefreshToken = refreshed.json<{ refreshToken: string }>().refreshToken;
    const session = {
      headers: { authorization: `Bearer ${refreshed.json<{ accessToken: string }>().accessToken}` },
    };

    // Profile, API keys.
    await call(ctx, session, 'PATCH', '/api/v1/me', { displayName: sent.newDisplayName });
    await call(ctx, session, 'PATCH', '/api/v1/me', { displayName: sent.note.repeat(20) });
    const created = await call(ctx, session, 'POST', '/api/v1/me/api-keys', {
      name: sent.categoryName,
      scopes: ['profile:read'],
    });
    expect(created.statusCode).toBe(201);
    received.apiKey = created.json<{ key: string }>().key;
    expect(
      (
        await ctx.inject({
          method: 'GET',
          url: '/api/v1/me',
          headers: { 'x-api-key': received.apiKey },
        })
      ).statusCode,
    ).toBe(200);
    await ctx.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { 'x-api-key': sent.bogusApiKey },
    });

    // Expenses: created, searched by a personal value, invalid, a duplicate category.
    const categories = await categoriesOf(ctx, session);
    const categoryId = [...categories.values()][0].id;
    const expense = {
      amount: { amount: '48.20', currency: 'EUR' },
      date: '2026-03-02',
      categoryId,
      payee: sent.payee,
      note: sent.note,
      tags: [sent.tag],
    };
    expect((await call(ctx, session, 'POST', '/api/v1/expenses', expense)).statusCode).toBe(201);
    await call(ctx, session, 'GET', `/api/v1/expenses?q=${encodeURIComponent(sent.payee)}`);
    await call(ctx, session, 'POST', '/api/v1/expenses', { ...expense, date: sent.note });
    await call(ctx, session, 'POST', '/api/v1/expenses', { ...expense, tags: sent.tag });
    await call(ctx, session, 'POST', '/api/v1/expense-categories', { name: sent.categoryName });
    await call(ctx, session, 'POST', '/api/v1/expense-categories', { name: sent.categoryName });

    // Password change (wrong, then right) and reset by the mailed token.
    await call(ctx, session, 'POST', '/api/v1/me/password', {
      currentPassword: sent.wrongPassword,
      newPassword: sent.newPassword,
    });
    expect(
      (
        await call(ctx, session, 'POST', '/api/v1/me/password', {
          currentPassword: sent.password,
          newPassword: sent.newPassword,
        })
      ).statusCode,
    ).toBeLessThan(300);
    await post('/api/v1/auth/password-reset', { email: sent.email });
    await post('/api/v1/auth/password-reset', { email: sent.otherEmail });
    const reset = await sink.waitForMessage(
      (mail) => mail.recipients.includes(sent.email) && /Reset/.test(mail.subject),
    );
    received.resetToken = tokenIn(reset);
    await post('/api/v1/auth/password-reset/confirm', {
      token: sent.bogusMailToken,
      newPassword: sent.resetPassword,
    });
    expect(
      (
        await post('/api/v1/auth/password-reset/confirm', {
          token: received.resetToken,
          newPassword: sent.resetPassword,
        })
      ).statusCode,
    ).toBe(204);
    await post('/api/v1/auth/login', { email: sent.email, password: sent.resetPassword });

    // What the database holds of the secrets.
    const stored = await withDatabase(ctx.database.url, async (client) => ({
      passwordHash: (
        await client.query<{ password_hash: string }>(
          'SELECT password_hash FROM users WHERE email = $1',
          [sent.email],
        )
      ).rows[0].password_hash,
      apiKeyHash: (
        await client.query<{ secret_hash: string }>(
          'SELECT secret_hash FROM api_keys ORDER BY created_at DESC LIMIT 1',
        )
      ).rows[0].secret_hash,
    }));
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);

    // Forced SQL failures with those values as parameters: a unique violation (the value
    // comes back in pg's detail), a bad cast (in the message) and an unmapped failure (a 500).
    const failure = { email: sent.email, passwordHash: stored.passwordHash, value: sent.note };
    expect((await post('/api/v1/sql-failure-probe/duplicate-user', failure)).statusCode).toBe(409);
    expect(
      (
        await post('/api/v1/sql-failure-probe/bad-cast', {
          ...failure,
          value: received.apiKey,
        })
      ).statusCode,
    ).toBe(422);
    expect((await post('/api/v1/sql-failure-probe/unmapped', failure)).statusCode).toBe(500);
    await post('/api/v1/sql-failure-probe/unmapped', { ...failure, value: stored.apiKeyHash });

    const everything = captured.join('\n');
    // The logs did see the failures, so the absence below means something.
    expect(everything).toContain('Query failed');
    expect(everything).toContain('uq_users_email');
    expect(everything).toMatch(/"code":"INTERNAL_ERROR"/);
    const secrets = { ...sent, ...received, ...stored };
    const leaked = Object.entries(secrets).filter(([, value]) =>
      [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)].some((form) =>
        everything.includes(form),
      ),
    );
    expect(leaked.map(([name]) => name)).toEqual([]);
  });
});
