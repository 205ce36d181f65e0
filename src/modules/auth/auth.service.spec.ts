import { DataSource, EntityManager } from 'typeorm';
import { PasswordHasher } from 'src/platform/crypto/password-hasher';
import { AppException } from 'src/platform/errors/app.exception';
import { SecurityActions } from 'src/modules/audit/audit-actions';
import { AuditService } from 'src/modules/audit/audit.service';
import { AuditEventInput } from 'src/modules/audit/audit.types';
import { AccountTokensService } from 'src/modules/auth/account-tokens/account-tokens.service';
import { AuthMailer } from 'src/modules/auth/auth.mailer';
import { AuthMetrics } from 'src/modules/auth/auth.metrics';
import { AuthService } from 'src/modules/auth/auth.service';
import { PasswordPolicy } from 'src/modules/auth/passwords/password-policy';
import { IssuedTokens, SessionsService } from 'src/modules/auth/sessions/sessions.service';
import { User } from 'src/modules/auth/users/entities/user.entity';
import { UsersRepository } from 'src/modules/auth/users/users.repository';
import { factory } from 'test/support/factories';
import { FakeClock } from 'test/support/fake-clock';
import { strictFake } from 'test/support/strict-fake';
import { testConfig } from 'test/support/test-config';

const USER = factory.ids.user;
const SESSION = factory.ids.session;
const NOW = '2026-03-01T12:00:00.000Z';
const PASSWORD = 'correct horse battery staple';
const CURRENT_HASH = '$argon2id$v=19$m=4096,t=1,p=1$current';
const OLD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$old';
const CLIENT = { ip: '203.0.113.7', userAgent: 'curl/8' };
const manager = { queryRunner: { isTransactionActive: true } } as unknown as EntityManager;

const issued: IssuedTokens = {
  userId: USER,
  sessionId: SESSION,
  delivery: 'bearer',
  accessToken: 'access-token',
  accessTokenExpiresIn: 900,
  refreshToken: 'llr_refresh',
  refreshTokenExpiresAt: new Date('2026-03-15T12:00:00.000Z'),
};

interface Collaborators {
  users?: Partial<UsersRepository>;
  sessions?: Partial<SessionsService>;
  accountTokens?: Partial<AccountTokensService>;
  mailer?: Partial<AuthMailer>;
}

/** Only PASSWORD verifies, and only against a known hash; OLD_HASH asks to be rehashed. */
function hasherFake(calls: string[]): PasswordHasher {
  return strictFake<PasswordHasher>(
    {
      verify: (hash, password) => {
        calls.push(`verify:${hash}`);
        return Promise.resolve(
          password === PASSWORD && (hash === CURRENT_HASH || hash === OLD_HASH),
        );
      },
      verifyNothing: () => {
        calls.push('verifyNothing');
        return Promise.resolve(false as const);
      },
      needsRehash: (hash) => hash !== CURRENT_HASH,
      hash: (password) => {
        calls.push(`hash:${password}`);
        return Promise.resolve(CURRENT_HASH);
      },
    },
    'PasswordHasher',
  );
}

function service(collaborators: Collaborators, clock = new FakeClock(NOW)) {
  const audited: AuditEventInput[] = [];
  const hashing: string[] = [];
  const metrics = { logins: [] as unknown[], lockouts: 0 };
  const instance = new AuthService(
    strictFake<DataSource>(
      {
        transaction: (...args: unknown[]) => {
          const work = args.find((arg) => typeof arg === 'function') as (
            m: EntityManager,
          ) => unknown;
          return Promise.resolve(work(manager));
        },
      },
      'DataSource',
    ),
    strictFake<UsersRepository>(collaborators.users ?? {}, 'UsersRepository'),
    strictFake<SessionsService>(collaborators.sessions ?? {}, 'SessionsService'),
    strictFake<AccountTokensService>(collaborators.accountTokens ?? {}, 'AccountTokensService'),
    hasherFake(hashing),
    new PasswordPolicy(),
    strictFake<AuthMailer>(collaborators.mailer ?? {}, 'AuthMailer'),
    strictFake<AuditService>(
      {
        record: (m: EntityManager, event: AuditEventInput) => {
          expect(m).toBe(manager);
          audited.push(event);
          return Promise.resolve({ id: 'e', sequence: '1', occurredAt: new Date(), hash: 'h' });
        },
      },
      'AuditService',
    ),
    strictFake<AuthMetrics>(
      {
        logins: { inc: (labels: unknown) => metrics.logins.push(labels) },
        lockouts: { inc: () => (metrics.lockouts += 1) },
      } as unknown as Partial<AuthMetrics>,
      'AuthMetrics',
    ),
    testConfig({
      LOGIN_LOCKOUT_THRESHOLD: '5',
      LOGIN_LOCKOUT_BASE_S: '60',
      LOGIN_LOCKOUT_MAX_S: '3600',
    }),
    clock,
  );
  return { instance, audited, hashing, metrics };
}

async function refusal(promise: Promise<unknown>): Promise<AppException> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppException);
  return error as AppException;
}

const failedLogin = (reason: string, userId: string | null = USER): AuditEventInput => ({
  action: SecurityActions.LoginFailed,
  resourceType: 'user',
  resourceId: userId,
  outcome: 'failure',
  subjectUserId: userId,
  details: { reason },
});

function usersFinding(user: User | null, extra: Partial<UsersRepository> = {}) {
  return {
    findByEmail: (email: string) => {
      expect(email).toBe('ada@example.com');
      return Promise.resolve(user);
    },
    ...extra,
  } as Partial<UsersRepository>;
}

describe('AuthService.login', () => {
  it('starts a session for the right password and records the success', async () => {
    const started: unknown[][] = [];
    const { instance, audited, hashing, metrics } = service({
      users: usersFinding(factory.user({ passwordHash: CURRENT_HASH })),
      sessions: {
        start: (m, userId, delivery, client) => {
          started.push([m, userId, delivery, client]);
          return Promise.resolve(issued);
        },
      },
    });

    expect(await instance.login('ada@example.com', PASSWORD, 'bearer', CLIENT)).toBe(issued);
    expect(started).toEqual([[manager, USER, 'bearer', CLIENT]]);
    expect(hashing).toEqual([`verify:${CURRENT_HASH}`]);
    expect(audited).toEqual([
      {
        action: SecurityActions.LoginSucceeded,
        resourceType: 'session',
        resourceId: SESSION,
        subjectUserId: USER,
        actor: { type: 'user', id: USER },
        details: { delivery: 'bearer', rehashed: false },
      },
    ]);
    expect(metrics).toEqual({ logins: [{ outcome: 'success' }], lockouts: 0 });
  });

  it('rehashes a password hashed with older parameters, in the login transaction', async () => {
    const updates: unknown[][] = [];
    const { instance, audited, hashing } = service({
      users: usersFinding(factory.user({ passwordHash: OLD_HASH }), {
        update: (id, changes, m) => {
          updates.push([id, changes, m]);
          return Promise.resolve();
        },
      }),
      sessions: { start: () => Promise.resolve(issued) },
    });

    await instance.login('ada@example.com', PASSWORD, 'cookie', CLIENT);

    expect(hashing).toEqual([`verify:${OLD_HASH}`, `hash:${PASSWORD}`]);
    expect(updates).toEqual([[USER, { passwordHash: CURRENT_HASH }, manager]]);
    expect(audited.map((event) => event.details)).toEqual([{ delivery: 'cookie', rehashed: true }]);
  });

  it('clears the failure count and lockout level on success', async () => {
    const cleared: unknown[][] = [];
    const { instance } = service({
      users: usersFinding(
        factory.user({
          passwordHash: CURRENT_HASH,
          failedLoginCount: 3,
          lockoutLevel: 1,
          lockedUntil: new Date('2026-03-01T11:59:00.000Z'),
        }),
        {
          clearFailedLogins: (id, m) => {
            cleared.push([id, m]);
            return Promise.resolve();
          },
        },
      ),
      sessions: { start: () => Promise.resolve(issued) },
    });

    await instance.login('ada@example.com', PASSWORD, 'bearer', CLIENT);

    expect(cleared).toEqual([[USER, manager]]);
  });

  it('counts a wrong password against the account and answers the generic failure', async () => {
    const failures: unknown[][] = [];
    const { instance, audited, hashing, metrics } = service({
      users: usersFinding(factory.user({ passwordHash: CURRENT_HASH }), {
        recordFailedLogin: (id, now, policy, m) => {
          failures.push([id, now, policy, m]);
          return Promise.resolve({ lockedUntil: null, lockoutLevel: 0 });
        },
      }),
    });

    const error = await refusal(instance.login('ada@example.com', 'wrong', 'bearer', CLIENT));

    expect([error.code, error.message]).toEqual([
      'AUTH_INVALID_CREDENTIALS',
      'The email or password is incorrect',
    ]);
    expect(hashing).toEqual([`verify:${CURRENT_HASH}`]);
    expect(failures).toEqual([
      [USER, new Date(NOW), { threshold: 5, baseSeconds: 60, maxSeconds: 3600 }, manager],
    ]);
    expect(audited).toEqual([failedLogin('wrong_password')]);
    expect(metrics).toEqual({ logins: [{ outcome: 'failure' }], lockouts: 0 });
  });

  it('locks the account on the failure that crosses the threshold, and says so in the trail', async () => {
    const { instance, audited, metrics } = service({
      users: usersFinding(factory.user({ passwordHash: CURRENT_HASH, failedLoginCount: 4 }), {
        recordFailedLogin: () =>
          Promise.resolve({
            lockedUntil: new Date('2026-03-01T12:01:00.000Z'),
            lockoutLevel: 1,
          }),
      }),
    });

    expect((await refusal(instance.login('ada@example.com', 'wrong', 'bearer', CLIENT))).code).toBe(
      'AUTH_INVALID_CREDENTIALS',
    );
    expect(audited).toEqual([
      failedLogin('wrong_password'),
      {
        action: SecurityActions.AccountLockedOut,
        resourceType: 'user',
        resourceId: USER,
        outcome: 'denied',
        subjectUserId: USER,
        details: { lockedUntil: '2026-03-01T12:01:00.000Z', level: 1 },
      },
    ]);
    expect(metrics).toEqual({ logins: [{ outcome: 'failure' }], lockouts: 1 });
  });

  it.each<[string, User | null, string, string | null]>([
    ['an unknown email', null, 'unknown_account', null],
    [
      'a deactivated account',
      factory.user({ passwordHash: CURRENT_HASH, status: 'deactivated' }),
      'deactivated',
      USER,
    ],
    [
      'a locked account (even with the right password)',
      factory.user({
        passwordHash: CURRENT_HASH,
        lockoutLevel: 1,
        lockedUntil: new Date('2026-03-01T12:00:00.001Z'),
      }),
      'locked',
      USER,
    ],
  ])(
    'refuses %s after the dummy verification, without counting a failure',
    async (_case, user, reason, userId) => {
      const { instance, audited, hashing, metrics } = service({ users: usersFinding(user) });

      expect(
        (await refusal(instance.login('ada@example.com', PASSWORD, 'bearer', CLIENT))).code,
      ).toBe('AUTH_INVALID_CREDENTIALS');
      expect(hashing).toEqual(['verifyNothing']);
      expect(audited).toEqual([failedLogin(reason, userId)]);
      expect(metrics).toEqual({ logins: [{ outcome: 'failure' }], lockouts: 0 });
    },
  );

  it('lets a login through once the lockout has run out', async () => {
    const { instance, hashing } = service({
      users: usersFinding(
        factory.user({
          passwordHash: CURRENT_HASH,
          lockoutLevel: 1,
          lockedUntil: new Date(NOW),
        }),
        { clearFailedLogins: () => Promise.resolve() },
      ),
      sessions: { start: () => Promise.resolve(issued) },
    });

    expect(await instance.login('ada@example.com', PASSWORD, 'bearer', CLIENT)).toBe(issued);
    expect(hashing).toEqual([`verify:${CURRENT_HASH}`]);
  });
});

describe('AuthService refresh and logout', () => {
  it('hands a refresh to the session rotation', async () => {
    const rotated: string[] = [];
    const { instance } = service({
      sessions: {
        rotate: (token) => {
          rotated.push(token);
          return Promise.resolve(issued);
        },
      },
    });

    expect(await instance.refresh('llr_presented')).toBe(issued);
    expect(rotated).toEqual(['llr_presented']);
  });

  it('revokes the caller’s session and records the logout together', async () => {
    const revoked: unknown[][] = [];
    const { instance, audited } = service({
      sessions: {
        revoke: (...args) => {
          revoked.push(args);
          return Promise.resolve(true);
        },
      },
    });

    await instance.logout({ kind: 'user', userId: USER, role: 'user', sessionId: SESSION });

    expect(revoked).toEqual([[USER, SESSION, 'logout', manager]]);
    expect(audited).toEqual([
      { action: SecurityActions.Logout, resourceType: 'session', resourceId: SESSION },
    ]);
  });

  it('has nothing to end for a principal without a session (an API key)', async () => {
    const { instance, audited } = service({});

    await instance.logout({ kind: 'user', userId: USER, role: 'user' });

    expect(audited).toEqual([]);
  });
});

describe('AuthService.register', () => {
  const registration = {
    email: 'ada@example.com',
    password: PASSWORD,
    displayName: 'Ada',
  };

  it('creates the account, records it and mails the verification link', async () => {
    const inserted: unknown[] = [];
    const mailed: string[][] = [];
    const { instance, audited, hashing } = service({
      users: {
        insertIfEmailFree: (user, m) => {
          inserted.push([user, m]);
          return Promise.resolve(factory.user({ passwordHash: CURRENT_HASH }));
        },
      },
      accountTokens: {
        issue: (m, userId, purpose) => {
          expect([m, userId, purpose]).toEqual([manager, USER, 'verify_email']);
          return Promise.resolve('verify-token');
        },
      },
      mailer: { emailVerification: (to, token) => void mailed.push([to, token]) },
    });

    await instance.register(registration);

    expect(hashing).toEqual([`hash:${PASSWORD}`]);
    expect(inserted).toEqual([
      [
        {
          email: 'ada@example.com',
          displayName: 'Ada',
          passwordHash: CURRENT_HASH,
          role: 'user',
          isDemo: false,
        },
        manager,
      ],
    ]);
    expect(audited).toEqual([
      {
        action: SecurityActions.AccountRegistered,
        resourceType: 'user',
        resourceId: USER,
        subjectUserId: USER,
        actor: { type: 'user', id: USER },
      },
    ]);
    expect(mailed).toEqual([['ada@example.com', 'verify-token']]);
  });

  it('answers a taken email the same way and mails its owner a note instead', async () => {
    const mailed: string[] = [];
    const { instance, audited, hashing } = service({
      users: { insertIfEmailFree: () => Promise.resolve(undefined) },
      mailer: { registrationAttempt: (to) => void mailed.push(to) },
    });

    await instance.register({ ...registration, email: 'Ada@Example.com' });

    expect(hashing).toEqual([`hash:${PASSWORD}`]);
    expect(audited).toEqual([]);
    expect(mailed).toEqual(['ada@example.com']);
  });
});
