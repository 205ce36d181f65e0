/** What a refresh knows about the presented token, read under its row lock. */
export interface PresentedRefreshToken {
  tokenExpiresAt: Date;
  usedAt: Date | null;
  /** Set when the token was rotated (see refresh-successor.ts). */
  hasSealedSuccessor: boolean;
  sessionExpiresAt: Date;
  sessionRevokedAt: Date | null;
  userStatus: string;
}

export type RefreshDecision =
  /** Spend the token and issue a successor. */
  | 'rotate'
  /** Spent a moment ago by a concurrent refresh: answer with the same successor. */
  | 'replay'
  /** Spent earlier: copied, so the whole session is revoked. */
  | 'reuse'
  /** Unknown to the rule's purposes: expired, revoked session, inactive user. */
  | 'invalid';

/**
 * Reuse detection with a grace window, like Auth0's reuse interval: a refresh token presented
 * again within `graceMs` of its rotation is the same client racing itself (two tabs, a retry
 * after a lost response), not a thief, as long as the session is still live. Past the window,
 * or on a dead session, a second use is treated as theft.
 */
export function decideRefresh(
  token: PresentedRefreshToken,
  now: Date,
  graceMs: number,
): RefreshDecision {
  const alive =
    !token.sessionRevokedAt &&
    token.sessionExpiresAt > now &&
    token.tokenExpiresAt > now &&
    token.userStatus === 'active';
  if (!token.usedAt) return alive ? 'rotate' : 'invalid';
  // Negative when the racing request read the clock before the winner did: still a race.
  const sinceUse = now.getTime() - token.usedAt.getTime();
  if (alive && token.hasSealedSuccessor && sinceUse < graceMs) return 'replay';
  return 'reuse';
}
