import { Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { hashToken } from 'src/platform/crypto/secret-tokens';
import { AppException } from 'src/platform/errors/app.exception';
import { SecurityActions } from 'src/modules/audit/audit-actions';
import { AuditService } from 'src/modules/audit/audit.service';
import { AuditEventInput } from 'src/modules/audit/audit.types';
import { AuthMetrics } from 'src/modules/auth/auth.metrics';
import { openSuccessor, sealSuccessor } from 'src/modules/auth/sessions/refresh-successor';
import {
  RefreshTokenState,
  SessionsRepository,
} from 'src/modules/auth/sessions/sessions.repository';
import { SessionsService } from 'src/modules/auth/sessions/sessions.service';
import { AccessTokens } from 'src/modules/auth/tokens/access-tokens';
import { factory } from 'test/support/factories';
import { FakeClock } from 'test/support/fake-clock';
import { strictFake } from 'test/support/strict-fake';
import { testConfig } from 'test/support/test-config';

// Refresh tokens are the only randomness here; numbering them makes every token exact.
let drawn = 0;
jest.mock('src/platform/crypto/secret-tokens', () => ({
  ...jest.requireActual<object>('src/platform/crypto/secret-tokens'),
  randomToken: () => `random-${++drawn}`,
}));

const { user: USER, session: SESSION, refreshToken: TOKEN_ID } = factory.ids;
const NOW = '2026-03-01T12:00:00.000Z';
const SECRET = 'current-signing-secret-of-at-least-32-chars';
const OLD_SECRET = 'retired-signing-secret-of-at-least-32-chars';
const PRESENTED = 'llr_presented';
const manager = { queryRunner: { isTransactionActive: true } } as unknown as EntityManager;

const at = (iso: string) => new Date(iso);

function service(
  repository: Partial<SessionsRepository>,
  env: NodeJS.ProcessEnv = {},
  clock = new FakeClock(NOW),
) {
  const audited: AuditEventInput[] = [];
  const reuses: number[] = [];
  const instance = new SessionsService(
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
    strictFake<SessionsRepository>(repository, 'SessionsRepository'),
    strictFake<AccessTokens>(
      {
        issue: ({ userId, sessionId }) => `access:${userId}:${sessionId}`,
        ttlSeconds: 900,
      },
      'AccessTokens',
    ),
    testConfig({
      JWT_SECRETS: SECRET,
      REFRESH_TOKEN_TTL_S: '777600', // 9 days
      REFRESH_TOKEN_REUSE_GRACE_S: '10',
      SESSION_MAX_LIFETIME_S: '2592000', // 30 days
      ...env,
    }),
    clock,
    strictFake<AuthMetrics>(
      { refreshTokenReuse: { inc: () => reuses.push(1) } as unknown as AuthMetrics['lockouts'] },
      'AuthMetrics',
    ),
    strictFake<AuditService>(
      {
        record: (_m: EntityManager, event: AuditEventInput) => {
          audited.push(event);
          return Promise.resolve({ id: 'e', sequence: '1', occurredAt: new Date(), hash: 'h' });
        },
      },
      'AuditService',
    ),
  );
  return { instance, audited, reuses, clock };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppException);
  return (error as AppException).code;
}

let warned: jest.SpyInstance;
beforeEach(() => {
  drawn = 0;
  warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
});
afterEach(() => warned.mockRestore());

describe('SessionsService.start', () => {
  it('opens a session for the absolute lifetime and a refresh token for the idle one', async () => {
    const inserted: unknown[] = [];
    const tokens: unknown[] = [];
    const { instance } = service({
      insert: (session, m) => {
        inserted.push({ session, m });
        return Promise.resolve(factory.session(session));
      },
      insertRefreshToken: (token, m) => {
        tokens.push({ token, m });
        return Promise.resolve();
      },
    });

    const issued = await instance.start(manager, USER, 'cookie', {
      ip: '203.0.113.7',
      userAgent: 'curl/8',
    });

    expect(inserted).toEqual([
      {
        session: {
          userId: USER,
          delivery: 'cookie',
          lastUsedAt: at(NOW),
          expiresAt: at('2026-03-31T12:00:00.000Z'),
          ip: '203.0.113.7',
          userAgent: 'curl/8',
        },
        m: manager,
      },
    ]);
    expect(tokens).toEqual([
      {
        token: {
          sessionId: SESSION,
          tokenHash: hashToken('llr_random-1'),
          expiresAt: at('2026-03-10T12:00:00.000Z'),
        },
        m: manager,
      },
    ]);
    expect(issued).toEqual({
      userId: USER,
      sessionId: SESSION,
      delivery: 'cookie',
      accessToken: `access:${USER}:${SESSION}`,
      accessTokenExpiresIn: 900,
      refreshToken: 'llr_random-1',
      refreshTokenExpiresAt: at('2026-03-10T12:00:00.000Z'),
    });
  });
});

describe('SessionsService.rotate', () => {
  it('spends the token, seals its successor beside it and issues the successor', async () => {
    const calls: unknown[][] = [];
    const { instance } = service({
      lockRefreshToken: (hash, m) => {
        calls.push(['lock', hash, m]);
        return Promise.resolve(factory.refreshTokenState());
      },
      markRefreshTokenUsed: (id, usedAt, sealed, m) => {
        calls.push(['markUsed', id, usedAt, openSuccessor([SECRET], PRESENTED, sealed), m]);
        return Promise.resolve();
      },
      clearSpentSuccessors: (sessionId, before, m) => {
        calls.push(['clearSpent', sessionId, before, m]);
        return Promise.resolve();
      },
      touch: (sessionId, now, m) => {
        calls.push(['touch', sessionId, now, m]);
        return Promise.resolve();
      },
      insertRefreshToken: (token, m) => {
        calls.push(['insertToken', token, m]);
        return Promise.resolve();
      },
    });

    const issued = await instance.rotate(PRESENTED);

    expect(calls).toEqual([
      ['lock', hashToken(PRESENTED), manager],
      ['markUsed', TOKEN_ID, at(NOW), 'llr_random-1', manager],
      ['clearSpent', SESSION, at('2026-03-01T11:59:50.000Z'), manager],
      ['touch', SESSION, at(NOW), manager],
      [
        'insertToken',
        {
          sessionId: SESSION,
          tokenHash: hashToken('llr_random-1'),
          expiresAt: at('2026-03-10T12:00:00.000Z'),
        },
        manager,
      ],
    ]);
    expect(issued).toEqual({
      userId: USER,
      sessionId: SESSION,
      delivery: 'bearer',
      accessToken: `access:${USER}:${SESSION}`,
      accessTokenExpiresIn: 900,
      refreshToken: 'llr_random-1',
      refreshTokenExpiresAt: at('2026-03-10T12:00:00.000Z'),
    });
  });

  it('never lets the successor outlive the session (absolute lifetime)', async () => {
    const expiries: Date[] = [];
    const { instance } = service({
      lockRefreshToken: () =>
        Promise.resolve(
          factory.refreshTokenState({ sessionExpiresAt: at('2026-03-02T00:00:00.000Z') }),
        ),
      markRefreshTokenUsed: () => Promise.resolve(),
      clearSpentSuccessors: () => Promise.resolve(),
      touch: () => Promise.resolve(),
      insertRefreshToken: (token) => {
        expiries.push(token.expiresAt);
        return Promise.resolve();
      },
    });

    const issued = await instance.rotate(PRESENTED);

    expect(expiries).toEqual([at('2026-03-02T00:00:00.000Z')]);
    expect(issued.refreshTokenExpiresAt).toEqual(at('2026-03-02T00:00:00.000Z'));
  });

  it.each<[string, Partial<RefreshTokenState> | undefined]>([
    ['an unknown token', undefined],
    ['a token past its idle expiry', { tokenExpiresAt: at(NOW) }],
    ['a session past its absolute lifetime', { sessionExpiresAt: at('2026-03-01T11:59:59.999Z') }],
    ['a revoked session', { sessionRevokedAt: at('2026-02-28T09:00:00.000Z') }],
    ['a deactivated user', { userStatus: 'deactivated' }],
  ])('refuses %s without writing anything', async (_case, overrides) => {
    const { instance, audited, reuses } = service({
      lockRefreshToken: () => Promise.resolve(overrides && factory.refreshTokenState(overrides)),
    });

    expect(await refusal(instance.rotate(PRESENTED))).toBe('AUTH_REFRESH_TOKEN_INVALID');
    expect(audited).toEqual([]);
    expect(reuses).toEqual([]);
  });

  it('revokes the whole session when a spent token comes back after the grace window', async () => {
    const revoked: unknown[][] = [];
    const { instance, audited, reuses } = service({
      lockRefreshToken: () =>
        Promise.resolve(
          factory.refreshTokenState({
            usedAt: at('2026-03-01T11:59:50.000Z'),
            successorSealed: sealSuccessor(SECRET, PRESENTED, 'llr_successor'),
          }),
        ),
      revoke: (userId, sessionId, reason, now, m) => {
        revoked.push([userId, sessionId, reason, now, m]);
        return Promise.resolve(true);
      },
    });

    expect(await refusal(instance.rotate(PRESENTED))).toBe('AUTH_REFRESH_TOKEN_INVALID');
    expect(revoked).toEqual([[USER, SESSION, 'refresh_token_reuse', at(NOW), manager]]);
    expect(audited).toEqual([
      {
        action: SecurityActions.RefreshTokenReused,
        resourceType: 'session',
        resourceId: SESSION,
        outcome: 'denied',
        subjectUserId: USER,
      },
    ]);
    expect(reuses).toEqual([1]);
    expect(warned.mock.calls).toEqual([
      [{ userId: USER, sessionId: SESSION }, 'Refresh token reused: session revoked'],
    ]);
  });

  it('treats a spent token on a dead session as reuse even inside the grace window', async () => {
    const revoked: string[] = [];
    const { instance, audited } = service({
      lockRefreshToken: () =>
        Promise.resolve(
          factory.refreshTokenState({
            usedAt: at('2026-03-01T11:59:59.000Z'),
            successorSealed: sealSuccessor(SECRET, PRESENTED, 'llr_successor'),
            sessionRevokedAt: at('2026-03-01T11:59:59.500Z'),
          }),
        ),
      revoke: (_userId, sessionId, reason) => {
        revoked.push(`${sessionId}:${reason}`);
        return Promise.resolve(false);
      },
    });

    expect(await refusal(instance.rotate(PRESENTED))).toBe('AUTH_REFRESH_TOKEN_INVALID');
    expect(revoked).toEqual([`${SESSION}:refresh_token_reuse`]);
    expect(audited.map((event) => event.action)).toEqual([SecurityActions.RefreshTokenReused]);
  });

  it('answers a replay inside the grace window with the same successor and writes nothing', async () => {
    const looked: unknown[][] = [];
    const { instance, audited, reuses } = service({
      lockRefreshToken: () =>
        Promise.resolve(
          factory.refreshTokenState({
            usedAt: at('2026-03-01T11:59:51.000Z'),
            successorSealed: sealSuccessor(SECRET, PRESENTED, 'llr_successor'),
          }),
        ),
      findRefreshTokenExpiry: (hash, m) => {
        looked.push([hash, m]);
        return Promise.resolve(at('2026-03-10T11:59:51.000Z'));
      },
    });

    const issued = await instance.rotate(PRESENTED);

    expect(looked).toEqual([[hashToken('llr_successor'), manager]]);
    expect(issued).toEqual({
      userId: USER,
      sessionId: SESSION,
      delivery: 'bearer',
      accessToken: `access:${USER}:${SESSION}`,
      accessTokenExpiresIn: 900,
      refreshToken: 'llr_successor',
      refreshTokenExpiresAt: at('2026-03-10T11:59:51.000Z'),
    });
    expect(audited).toEqual([]);
    expect(reuses).toEqual([]);
  });

  it('opens a successor sealed under a secret that is still listed after a key rotation', async () => {
    const { instance } = service(
      {
        lockRefreshToken: () =>
          Promise.resolve(
            factory.refreshTokenState({
              usedAt: at('2026-03-01T11:59:55.000Z'),
              successorSealed: sealSuccessor(OLD_SECRET, PRESENTED, 'llr_successor'),
            }),
          ),
        findRefreshTokenExpiry: () => Promise.resolve(at('2026-03-10T11:59:55.000Z')),
      },
      { JWT_SECRETS: `${SECRET},${OLD_SECRET}` },
    );

    expect((await instance.rotate(PRESENTED)).refreshToken).toBe('llr_successor');
  });

  it.each<[string, Partial<SessionsRepository>, Buffer]>([
    [
      'its box does not open with any configured secret',
      {},
      sealSuccessor(OLD_SECRET, PRESENTED, 'llr_successor'),
    ],
    [
      'its successor is no longer stored',
      { findRefreshTokenExpiry: () => Promise.resolve(undefined) },
      sealSuccessor(SECRET, PRESENTED, 'llr_successor'),
    ],
  ])('revokes a replay inside the grace window when %s', async (_case, extra, sealed) => {
    const revoked: string[] = [];
    const { instance, audited, reuses } = service({
      lockRefreshToken: () =>
        Promise.resolve(
          factory.refreshTokenState({
            usedAt: at('2026-03-01T11:59:58.000Z'),
            successorSealed: sealed,
          }),
        ),
      revoke: (_userId, sessionId, reason) => {
        revoked.push(`${sessionId}:${reason}`);
        return Promise.resolve(true);
      },
      ...extra,
    });

    expect(await refusal(instance.rotate(PRESENTED))).toBe('AUTH_REFRESH_TOKEN_INVALID');
    expect(revoked).toEqual([`${SESSION}:refresh_token_reuse`]);
    expect(audited.map((event) => event.action)).toEqual([SecurityActions.RefreshTokenReused]);
    expect(reuses).toEqual([1]);
  });

  it('counts a second use as reuse at once when the grace window is off', async () => {
    const revoked: string[] = [];
    const { instance } = service(
      {
        lockRefreshToken: () =>
          Promise.resolve(
            factory.refreshTokenState({
              usedAt: at(NOW),
              successorSealed: sealSuccessor(SECRET, PRESENTED, 'llr_successor'),
            }),
          ),
        revoke: (_userId, sessionId, reason) => {
          revoked.push(`${sessionId}:${reason}`);
          return Promise.resolve(true);
        },
      },
      { REFRESH_TOKEN_REUSE_GRACE_S: '0' },
    );

    expect(await refusal(instance.rotate(PRESENTED))).toBe('AUTH_REFRESH_TOKEN_INVALID');
    expect(revoked).toEqual([`${SESSION}:refresh_token_reuse`]);
  });
});

describe('SessionsService lookups and revocation', () => {
  it('authenticates a live session as its user, with the role read now', async () => {
    const asked: unknown[][] = [];
    const { instance } = service({
      findActiveRole: (sessionId, userId, now) => {
        asked.push([sessionId, userId, now]);
        return Promise.resolve('admin');
      },
    });

    expect(await instance.authenticate({ userId: USER, sessionId: SESSION })).toEqual({
      kind: 'user',
      userId: USER,
      role: 'admin',
      sessionId: SESSION,
    });
    expect(asked).toEqual([[SESSION, USER, at(NOW)]]);
  });

  it('authenticates no one when the session or user is no longer live', async () => {
    const { instance } = service({ findActiveRole: () => Promise.resolve(undefined) });

    expect(await instance.authenticate({ userId: USER, sessionId: SESSION })).toBeUndefined();
  });

  it('finds the session behind a refresh token by its hash', async () => {
    const { instance } = service({
      findSessionByRefreshToken: (hash) =>
        Promise.resolve(hash === hashToken(PRESENTED) ? { id: SESSION, userId: USER } : undefined),
    });

    expect(await instance.findByRefreshToken(PRESENTED)).toEqual({ id: SESSION, userId: USER });
  });

  it('revokes one session with its reason at the current time', async () => {
    const revoked: unknown[][] = [];
    const { instance } = service({
      revoke: (...args) => {
        revoked.push(args);
        return Promise.resolve(true);
      },
    });

    expect(await instance.revoke(USER, SESSION, 'logout', manager)).toBe(true);
    expect(revoked).toEqual([[USER, SESSION, 'logout', at(NOW), manager]]);
  });

  it('revokes all sessions but the one kept, and says how many', async () => {
    const revoked: unknown[][] = [];
    const { instance } = service({
      revokeAll: (...args) => {
        revoked.push(args);
        return Promise.resolve(3);
      },
    });

    expect(await instance.revokeAll(USER, 'password_changed', manager, SESSION)).toBe(3);
    expect(await instance.revokeAll(USER, 'revoked_by_admin')).toBe(3);
    expect(revoked).toEqual([
      [USER, 'password_changed', at(NOW), manager, SESSION],
      [USER, 'revoked_by_admin', at(NOW), undefined, undefined],
    ]);
  });
});
