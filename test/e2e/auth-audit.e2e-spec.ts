import { Client } from 'pg';
import { withDatabase } from 'test/support/database';
import { login, newUser, strongPassword, TestUser, uniqueEmail } from 'test/support/auth';
import { ReceivedMail, SmtpSink } from 'test/support/smtp-sink';
import { startTestApp, TestApp } from 'test/support/test-app';

type Inject = TestApp['inject'];

/**
 * Every identity action that changes state or is a security event writes exactly one audit
 * event, in the transaction of the change; one that fails writes none.
 */
describe('audit events of the identity flows', () => {
  let sink: SmtpSink;
  let ctx: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    // No reuse grace window: a second use of a refresh token is reuse at once (the window has
    // its own tests in auth-sessions).
    ctx = await startTestApp({
      SMTP_URL: sink.url,
      LOGIN_LOCKOUT_THRESHOLD: '2',
      REFRESH_TOKEN_REUSE_GRACE_S: '0',
    });
    admin = await newUser(ctx, { role: 'admin' });
  });

  afterAll(async () => {
    await ctx.close();
    await sink.stop();
  });

  const events = () =>
    withDatabase(
      ctx.database.url,
      async (client: Client) =>
        (
          await client.query<{ action: string; outcome: string }>(
            'SELECT action, outcome FROM audit_events ORDER BY sequence',
          )
        ).rows,
    );

  /** The events `act` wrote: everything appended while it ran. */
  async function recorded(act: (inject: Inject) => Promise<unknown>): Promise<string[]> {
    const before = (await events()).length;
    await act(ctx.inject);
    return (await events()).slice(before).map((event) => event.action);
  }

  const tokenFor = async (email: string): Promise<string> => {
    const mail = await sink.waitForMessage(
      (message: ReceivedMail) =>
        message.recipients.includes(email) && /"token":"/.test(message.text),
    );
    return /"token":"([A-Za-z0-9_-]{43})"/.exec(mail.text)![1];
  };

  it.each<[string, (user: TestUser) => (inject: Inject) => Promise<unknown>, string[]]>([
    ['a successful login', (u) => () => login(ctx, u.email, u.password), ['auth.login.succeeded']],
    [
      'a failed login',
      (u) => (i) =>
        i({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: u.email, password: 'nope-nope-nope' },
        }),
      ['auth.login.failed'],
    ],
    [
      'a login for an unknown account',
      () => (i) =>
        i({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: uniqueEmail('nobody'), password: 'nope-nope-nope' },
        }),
      ['auth.login.failed'],
    ],
    [
      'logout',
      (u) => (i) => i({ method: 'POST', url: '/api/v1/auth/logout', headers: u.headers }),
      ['auth.logout'],
    ],
    [
      'a profile change',
      (u) => (i) =>
        i({
          method: 'PATCH',
          url: '/api/v1/me',
          headers: u.headers,
          payload: { displayName: 'Renamed' },
        }),
      ['account.profile.updated'],
    ],
    [
      'a refused profile change',
      (u) => (i) =>
        i({ method: 'PATCH', url: '/api/v1/me', headers: u.headers, payload: { displayName: '' } }),
      [],
    ],
    [
      'a password change',
      (u) => (i) =>
        i({
          method: 'POST',
          url: '/api/v1/me/password',
          headers: u.headers,
          payload: { currentPassword: u.password, newPassword: strongPassword() },
        }),
      ['account.password.changed'],
    ],
    [
      'a password change with a wrong current password',
      (u) => (i) =>
        i({
          method: 'POST',
          url: '/api/v1/me/password',
          headers: u.headers,
          payload: { currentPassword: 'wrong-wrong', newPassword: strongPassword() },
        }),
      [],
    ],
    [
      'a password change to a weak password',
      (u) => (i) =>
        i({
          method: 'POST',
          url: '/api/v1/me/password',
          headers: u.headers,
          payload: { currentPassword: u.password, newPassword: 'short' },
        }),
      [],
    ],
    [
      'a reset request',
      (u) => (i) =>
        i({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: u.email } }),
      ['account.password_reset.requested'],
    ],
    [
      'a reset request for an unknown address',
      () => (i) =>
        i({
          method: 'POST',
          url: '/api/v1/auth/password-reset',
          payload: { email: uniqueEmail('nobody') },
        }),
      [],
    ],
    [
      'revoking all other sessions',
      (u) => (i) => i({ method: 'DELETE', url: '/api/v1/me/sessions', headers: u.headers }),
      ['auth.session.revoked'],
    ],
    [
      'revoking a session that does not exist',
      (u) => (i) =>
        i({
          method: 'DELETE',
          url: '/api/v1/me/sessions/00000000-0000-4000-8000-000000000000',
          headers: u.headers,
        }),
      [],
    ],
    [
      'creating an API key',
      (u) => (i) =>
        i({
          method: 'POST',
          url: '/api/v1/me/api-keys',
          headers: u.headers,
          payload: { name: 'k', scopes: ['profile:read'] },
        }),
      ['api_key.created'],
    ],
    [
      'a refused API key',
      (u) => (i) =>
        i({
          method: 'POST',
          url: '/api/v1/me/api-keys',
          headers: u.headers,
          payload: { name: 'k', scopes: ['nothing:here'] },
        }),
      [],
    ],
    [
      'a role change',
      (u) => (i) =>
        i({
          method: 'PUT',
          url: `/api/v1/admin/users/${u.id}/role`,
          headers: admin.headers,
          payload: { role: 'admin' },
        }),
      ['account.role.changed'],
    ],
    [
      'a role change to the same role',
      (u) => (i) =>
        i({
          method: 'PUT',
          url: `/api/v1/admin/users/${u.id}/role`,
          headers: admin.headers,
          payload: { role: 'user' },
        }),
      [],
    ],
    [
      'a deactivation',
      (u) => (i) =>
        i({
          method: 'POST',
          url: `/api/v1/admin/users/${u.id}/deactivate`,
          headers: admin.headers,
        }),
      ['account.deactivated'],
    ],
    [
      "an administrator ending a user's sessions",
      (u) => (i) =>
        i({
          method: 'DELETE',
          url: `/api/v1/admin/users/${u.id}/sessions`,
          headers: admin.headers,
        }),
      ['auth.session.revoked'],
    ],
    [
      'deleting the account',
      (u) => (i) =>
        i({
          method: 'DELETE',
          url: '/api/v1/me',
          headers: u.headers,
          payload: { password: u.password },
        }),
      ['account.deleted'],
    ],
    [
      'deleting the account with a wrong password',
      (u) => (i) =>
        i({
          method: 'DELETE',
          url: '/api/v1/me',
          headers: u.headers,
          payload: { password: 'wrong-wrong' },
        }),
      [],
    ],
  ])('%s', async (_, action, expected) => {
    const user = await newUser(ctx);
    expect(await recorded(action(user))).toEqual(expected);
  });

  it('registration, email verification and a completed reset', async () => {
    const email = uniqueEmail('flow');
    const password = strongPassword();
    expect(
      await recorded((i) =>
        i({
          method: 'POST',
          url: '/api/v1/auth/register',
          payload: { email, password, displayName: 'Flow' },
        }),
      ),
    ).toEqual(['account.registered']);
    const verification = await tokenFor(email);
    expect(
      await recorded((i) =>
        i({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token: verification } }),
      ),
    ).toEqual(['account.email.verified']);
    sink.clear();
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email } });
    const reset = await tokenFor(email);
    expect(
      await recorded((i) =>
        i({
          method: 'POST',
          url: '/api/v1/auth/password-reset/confirm',
          payload: { token: reset, newPassword: 'weak' },
        }),
      ),
    ).toEqual([]);
    expect(
      await recorded((i) =>
        i({
          method: 'POST',
          url: '/api/v1/auth/password-reset/confirm',
          payload: { token: reset, newPassword: strongPassword() },
        }),
      ),
    ).toEqual(['account.password_reset.completed']);
  });

  it('lockout, refresh-token reuse and key revocation', async () => {
    const user = await newUser(ctx);
    const fail = () =>
      ctx.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password: 'nope-nope-nope' },
      });
    await fail();
    expect(await recorded(fail)).toEqual(['auth.login.failed', 'auth.login.locked_out']);

    const other = await newUser(ctx);
    await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: other.refreshToken },
    });
    expect(
      await recorded((i) =>
        i({
          method: 'POST',
          url: '/api/v1/auth/refresh',
          payload: { refreshToken: other.refreshToken },
        }),
      ),
    ).toEqual(['auth.refresh_token.reused']);

    // The reuse ended that session; a new one manages the key.
    const headers = (await login(ctx, other.email, other.password)).headers;
    const key = (
      await ctx.inject({
        method: 'POST',
        url: '/api/v1/me/api-keys',
        headers,
        payload: { name: 'k', scopes: ['profile:read'] },
      })
    ).json<{ id: string }>();
    expect(
      await recorded((i) => i({ method: 'DELETE', url: `/api/v1/me/api-keys/${key.id}`, headers })),
    ).toEqual(['api_key.revoked']);
    expect(
      await recorded((i) => i({ method: 'DELETE', url: `/api/v1/me/api-keys/${key.id}`, headers })),
    ).toEqual([]);
  });

  it('leaves a chain that verifies', async () => {
    const verify = await ctx.inject({
      method: 'GET',
      url: '/api/v1/admin/audit-events/verify',
      headers: admin.headers,
    });
    expect(verify.json()).toMatchObject({ valid: true });
  });
});
