import {
  decideRefresh,
  PresentedRefreshToken,
  RefreshDecision,
} from 'src/modules/auth/sessions/refresh-decision';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const GRACE_MS = 10_000;
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);

const live: PresentedRefreshToken = {
  tokenExpiresAt: at(3_600_000),
  usedAt: null,
  hasSealedSuccessor: false,
  sessionExpiresAt: at(86_400_000),
  sessionRevokedAt: null,
  userStatus: 'active',
};
const spent = (agoMs: number): Partial<PresentedRefreshToken> => ({
  usedAt: at(-agoMs),
  hasSealedSuccessor: true,
});

describe('decideRefresh', () => {
  it.each<[string, Partial<PresentedRefreshToken>, number, RefreshDecision]>([
    ['an unused live token', {}, GRACE_MS, 'rotate'],
    ['an unused token past its expiry', { tokenExpiresAt: at(0) }, GRACE_MS, 'invalid'],
    ['an unused token of an expired session', { sessionExpiresAt: at(-1) }, GRACE_MS, 'invalid'],
    ['an unused token of a revoked session', { sessionRevokedAt: at(-5) }, GRACE_MS, 'invalid'],
    ['an unused token of a deactivated user', { userStatus: 'deactivated' }, GRACE_MS, 'invalid'],
    ['a token spent just now', spent(0), GRACE_MS, 'replay'],
    ['a token spent 9.999 s ago', spent(9_999), GRACE_MS, 'replay'],
    // The racing request read the clock before the winner: it is still the same race.
    ['a token spent "in the future" by a racing request', spent(-40), GRACE_MS, 'replay'],
    ['a token spent exactly the grace ago', spent(10_000), GRACE_MS, 'reuse'],
    ['a token spent a minute ago', spent(60_000), GRACE_MS, 'reuse'],
    ['a token spent just now with the grace off', spent(0), 0, 'reuse'],
    [
      'a token spent before successors were kept',
      { ...spent(1_000), hasSealedSuccessor: false },
      GRACE_MS,
      'reuse',
    ],
    // A replay must not resurrect what logout or a password change ended.
    [
      'a token spent just now on a revoked session',
      { ...spent(1_000), sessionRevokedAt: at(-500) },
      GRACE_MS,
      'reuse',
    ],
    [
      'a token spent just now by a deactivated user',
      { ...spent(1_000), userStatus: 'deactivated' },
      GRACE_MS,
      'reuse',
    ],
  ])('%s: %s', (_label, overrides, graceMs, expected) => {
    expect(decideRefresh({ ...live, ...overrides }, NOW, graceMs)).toBe(expected);
  });
});
