import { withDatabase } from 'test/support/database';
import { login, newUser, strongPassword, uniqueEmail } from 'test/support/auth';
import { expectProblem } from 'test/support/problem';
import { ReceivedMail, SmtpSink } from 'test/support/smtp-sink';
import { startTestApp, TestApp } from 'test/support/test-app';

/** The token in a mail's text part (the same one its HTML link carries). */
function tokenIn(mail: ReceivedMail): string {
  const match = /(?:token=|"token":")([A-Za-z0-9_-]{43})/.exec(mail.text);
  if (!match) throw new Error(`no token in: ${mail.text}`);
  return match[1];
}

describe('mail flows over SMTP: email verification and password reset', () => {
  let sink: SmtpSink;
  let ctx: TestApp;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    ctx = await startTestApp({ SMTP_URL: sink.url, PUBLIC_URL: 'https://app.example.com' });
  });

  afterAll(async () => {
    await ctx.close();
    await sink.stop();
  });

  const to = (email: string) => (mail: ReceivedMail) => mail.recipients.includes(email);
  const post = (url: string, payload: object) => ctx.inject({ method: 'POST', url, payload });
  const expireTokensOf = (email: string) =>
    withDatabase(ctx.database.url, (client) =>
      client.query(
        `UPDATE account_tokens SET expires_at = now() - interval '1 second'
          WHERE user_id = (SELECT id FROM users WHERE email = $1)`,
        [email],
      ),
    );

  describe('email verification', () => {
    it('mails a single-use link at registration that verifies the address', async () => {
      const email = uniqueEmail('verify');
      const password = strongPassword();
      await post('/api/v1/auth/register', { email, password, displayName: 'Vera' });
      const mail = await sink.waitForMessage(to(email));
      expect(mail.subject).toMatch(/Confirm your email/);
      expect(mail.html).toContain(`https://app.example.com/verify-email?token=${tokenIn(mail)}`);
      const token = tokenIn(mail);

      expect((await post('/api/v1/auth/verify-email', { token })).statusCode).toBe(204);
      const session = await login(ctx, email, password);
      const me = await ctx.inject({ method: 'GET', url: '/api/v1/me', headers: session.headers });
      expect(me.json<{ emailVerifiedAt: string | null }>().emailVerifiedAt).not.toBeNull();
      // Single use.
      expectProblem(
        await post('/api/v1/auth/verify-email', { token }),
        400,
        'ACCOUNT_TOKEN_INVALID',
      );
    });

    it('refuses an expired link, and a resend sends a new one that works', async () => {
      const email = uniqueEmail('late');
      const password = strongPassword();
      await post('/api/v1/auth/register', { email, password, displayName: 'Late' });
      const first = tokenIn(await sink.waitForMessage(to(email)));
      await expireTokensOf(email);
      expectProblem(
        await post('/api/v1/auth/verify-email', { token: first }),
        400,
        'ACCOUNT_TOKEN_INVALID',
      );

      const session = await login(ctx, email, password);
      sink.clear();
      const resend = await ctx.inject({
        method: 'POST',
        url: '/api/v1/me/email-verification',
        headers: session.headers,
      });
      expect(resend.statusCode).toBe(202);
      const second = tokenIn(await sink.waitForMessage(to(email)));
      expect(second).not.toBe(first);
      expect((await post('/api/v1/auth/verify-email', { token: second })).statusCode).toBe(204);
    });

    it('tells the owner, not the caller, when someone registers an existing address', async () => {
      const owner = await newUser(ctx);
      sink.clear();
      const response = await post('/api/v1/auth/register', {
        email: owner.email,
        password: strongPassword(),
        displayName: 'Impostor',
      });
      expect(response.statusCode).toBe(202);
      const mail = await sink.waitForMessage(to(owner.email));
      expect(mail.subject).toMatch(/tried to create/);
      expect(mail.text).not.toMatch(/token=/);
    });

    it.each([
      ['no token', {}],
      ['an empty token', { token: '' }],
      ['an oversized token', { token: 'x'.repeat(201) }],
    ])('refuses %s with 400', async (_, payload) => {
      expectProblem(await post('/api/v1/auth/verify-email', payload), 400, 'VALIDATION_FAILED');
    });

    it('refuses an unknown token', async () => {
      expectProblem(
        await post('/api/v1/auth/verify-email', { token: 'A'.repeat(43) }),
        400,
        'ACCOUNT_TOKEN_INVALID',
      );
    });
  });

  describe('password reset', () => {
    it('answers the same for a known and an unknown address, and mails only the known one', async () => {
      const user = await newUser(ctx);
      const ghost = uniqueEmail('ghost');
      sink.clear();
      const known = await post('/api/v1/auth/password-reset', { email: user.email });
      const unknown = await post('/api/v1/auth/password-reset', { email: ghost });
      expect(known.statusCode).toBe(202);
      expect(unknown.statusCode).toBe(202);
      expect(unknown.json()).toEqual(known.json());
      await sink.waitForMessage(to(user.email));
      await sink.settle();
      expect(sink.messages.filter(to(ghost))).toEqual([]);
    });

    it('resets with the mailed token once, ends every session and lets the new password in', async () => {
      const user = await newUser(ctx);
      sink.clear();
      await post('/api/v1/auth/password-reset', { email: user.email });
      const mail = await sink.waitForMessage(to(user.email));
      expect(mail.subject).toMatch(/Reset your Ledgerline password/);
      const token = tokenIn(mail);
      const newPassword = strongPassword();

      // The policy applies to the new password; a refused one does not use the token up.
      expectProblem(
        await post('/api/v1/auth/password-reset/confirm', { token, newPassword: 'short' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(
        (await post('/api/v1/auth/password-reset/confirm', { token, newPassword })).statusCode,
      ).toBe(204);
      expectProblem(
        await ctx.inject({ method: 'GET', url: '/api/v1/me', headers: user.headers }),
        401,
        'AUTH_TOKEN_INVALID',
      );
      await expect(login(ctx, user.email, user.password)).rejects.toThrow(/401/);
      await expect(login(ctx, user.email, newPassword)).resolves.toHaveProperty('accessToken');
      expectProblem(
        await post('/api/v1/auth/password-reset/confirm', { token, newPassword: strongPassword() }),
        400,
        'ACCOUNT_TOKEN_INVALID',
      );
    });

    it('refuses an expired reset token, and a newer request retires the older link', async () => {
      const user = await newUser(ctx);
      sink.clear();
      await post('/api/v1/auth/password-reset', { email: user.email });
      const first = tokenIn(await sink.waitForMessage(to(user.email)));
      sink.clear();
      await post('/api/v1/auth/password-reset', { email: user.email });
      const second = tokenIn(await sink.waitForMessage(to(user.email)));
      expectProblem(
        await post('/api/v1/auth/password-reset/confirm', {
          token: first,
          newPassword: strongPassword(),
        }),
        400,
        'ACCOUNT_TOKEN_INVALID',
      );
      await expireTokensOf(user.email);
      expectProblem(
        await post('/api/v1/auth/password-reset/confirm', {
          token: second,
          newPassword: strongPassword(),
        }),
        400,
        'ACCOUNT_TOKEN_INVALID',
      );
      await expect(login(ctx, user.email, user.password)).resolves.toHaveProperty('accessToken');
    });

    it('lifts a lockout', async () => {
      const locked = await startTestApp({
        SMTP_URL: sink.url,
        LOGIN_LOCKOUT_THRESHOLD: '1',
        LOGIN_LOCKOUT_BASE_S: '3600',
      });
      try {
        const user = await newUser(locked);
        await locked.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: user.email, password: 'nope-nope-nope' },
        });
        await expect(login(locked, user.email, user.password)).rejects.toThrow(/401/);
        sink.clear();
        await locked.inject({
          method: 'POST',
          url: '/api/v1/auth/password-reset',
          payload: { email: user.email },
        });
        const token = tokenIn(await sink.waitForMessage(to(user.email)));
        const newPassword = strongPassword();
        const reset = await locked.inject({
          method: 'POST',
          url: '/api/v1/auth/password-reset/confirm',
          payload: { token, newPassword },
        });
        expect(reset.statusCode).toBe(204);
        await expect(login(locked, user.email, newPassword)).resolves.toHaveProperty('accessToken');
      } finally {
        await locked.close();
      }
    });

    it('mails a notice when the password is changed', async () => {
      const user = await newUser(ctx);
      sink.clear();
      const change = await ctx.inject({
        method: 'POST',
        url: '/api/v1/me/password',
        headers: user.headers,
        payload: { currentPassword: user.password, newPassword: strongPassword() },
      });
      expect(change.statusCode).toBe(204);
      expect((await sink.waitForMessage(to(user.email))).subject).toMatch(/password was changed/);
    });
  });
});

describe('mail flows without a front end (PUBLIC_URL unset)', () => {
  let sink: SmtpSink;
  let ctx: TestApp;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    ctx = await startTestApp({ SMTP_URL: sink.url, PORT: '3999' });
  });

  afterAll(async () => {
    await ctx.close();
    await sink.stop();
  });

  it('gives the API call on this server instead of a link to a page that does not exist', async () => {
    const email = uniqueEmail('no-front-end');
    await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email, password: strongPassword(), displayName: 'Nora' },
    });
    const mail = await sink.waitForMessage((message) => message.recipients.includes(email));
    expect(mail.text).not.toContain('/verify-email?token=');
    expect(mail.text).toContain('This server has no web front end');
    expect(mail.text).toContain(
      "curl -X POST 'http://localhost:3999/api/v1/auth/verify-email' -H 'content-type: application/json'",
    );
    expect(mail.text).toContain('http://localhost:3999/api/docs');
    const token = /"token":"([A-Za-z0-9_-]{43})"/.exec(mail.text)![1];
    const verified = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/verify-email',
      payload: { token },
    });
    expect(verified.statusCode).toBe(204);
  });
});
