export const ACTOR_TYPES = ['user', 'api_key', 'system', 'anonymous'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Who did it. `id` is a user id, an API key id, a job name, or null (anonymous). */
export interface AuditActor {
  type: ActorType;
  id: string | null;
}

/**
 * One event as a caller records it. Actor, request id, IP and user agent default to the
 * request being served (none outside a request: the actor is then `system`); give them to
 * override, e.g. the user who is logging in before any principal exists.
 */
export interface AuditEventInput {
  /** Dotted lower-case name, e.g. `expense.created`; see SecurityActions for the security ones. */
  action: string;
  /** Lower-case snake_case, e.g. `user`, `api_key`, `expense`. */
  resourceType: string;
  resourceId?: string | null;
  /** Defaults to `success`. */
  outcome?: AuditOutcome;
  /** Context worth keeping; redacted, bounded in size, never secrets. */
  details?: Record<string, unknown>;
  /**
   * The user whose security activity this is (shown at `GET /me/activity`). Defaults to the
   * user the request acts for; null records none.
   */
  subjectUserId?: string | null;
  actor?: AuditActor;
  requestId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

export interface RecordedAuditEvent {
  id: string;
  /** The event's place in the chain (a bigint, as a string). */
  sequence: string;
  occurredAt: Date;
  hash: string;
}

export type BrokenLinkReason =
  /** The event's contents no longer produce its stored hash: it was altered. */
  | 'hash_mismatch'
  /** The event does not point at the hash before it: an event was removed, inserted or rewritten. */
  | 'broken_link'
  /** The event is older than the last prune anchor yet still present: the anchor does not fit. */
  | 'anchor_mismatch';

export interface ChainVerification {
  valid: boolean;
  /** Events examined, up to and including the first broken one. */
  checked: number;
  firstBrokenEventId?: string;
  firstBrokenSequence?: string;
  reason?: BrokenLinkReason;
  /** Hash of the newest event verified: keep it elsewhere to notice a later cut at the end. */
  headHash?: string;
}

export interface PruneResult {
  /** Null when retention is off (AUDIT_RETENTION_DAYS=0). */
  cutoff: Date | null;
  deleted: number;
  /** Sequence of the newest pruned event, or null when nothing was old enough. */
  throughSequence: string | null;
}
