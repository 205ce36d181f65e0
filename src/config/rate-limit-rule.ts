/**
 * Rate-limit tiers: every throttled route counts against exactly one. `public`,
 * `authenticated` and `admin` are the defaults for anonymous callers, users and API keys, and
 * admins; the others are chosen by a route.
 */
export const RATE_LIMIT_TIERS = [
  'public',
  'authenticated',
  'admin',
  'search',
  'upload',
  'login',
  'register',
] as const;
export type RateLimitTier = (typeof RATE_LIMIT_TIERS)[number];

export interface RateLimitRule {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const;

/** `<requests>/<window>` with the window in seconds, minutes or hours: `10/60s`, `5/15m`, `3/1h`. */
const RULE_SYNTAX = /^([1-9]\d{0,6})\/([1-9]\d{0,5})([smh])$/;

/** A counter kept for longer than a day is a quota, not a rate limit. */
export const MAX_WINDOW_MS = 24 * UNIT_MS.h;

export const RATE_LIMIT_RULE_HINT =
  'must be <requests>/<window> with the window in s, m or h (at most 24h), e.g. 10/60s, 5/15m or 3/1h';

/** The rule written in `text`, or undefined when it is not a valid rule. */
export function parseRateLimitRule(text: string): RateLimitRule | undefined {
  const match = RULE_SYNTAX.exec(text.trim());
  if (!match) return undefined;
  const windowMs = Number(match[2]) * UNIT_MS[match[3] as keyof typeof UNIT_MS];
  if (windowMs > MAX_WINDOW_MS) return undefined;
  return { limit: Number(match[1]), windowMs };
}

/** `20 requests per 1 minute`, for problem details and logs. */
export function describeRateLimitRule(rule: RateLimitRule): string {
  return `${rule.limit} ${rule.limit === 1 ? 'request' : 'requests'} per ${describeWindow(rule.windowMs)}`;
}

function describeWindow(windowMs: number): string {
  const [amount, unit] =
    windowMs % UNIT_MS.h === 0
      ? [windowMs / UNIT_MS.h, 'hour']
      : windowMs % UNIT_MS.m === 0
        ? [windowMs / UNIT_MS.m, 'minute']
        : [windowMs / UNIT_MS.s, 'second'];
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}
