import { createHash } from 'node:crypto';
import { ActorType, AuditOutcome } from 'src/modules/audit/audit.types';

/** The `prev_hash` of the first event ever recorded. */
export const GENESIS_HASH = '0'.repeat(64);

/** Changes only with a new serialisation, so events hashed under an older one stay checkable. */
const FORMAT = 'ledgerline.audit.v1';

/** Exactly the stored values an event's hash covers (all but its own sequence and hash). */
export interface ChainedEventFields {
  id: string;
  /** `YYYY-MM-DDTHH:MM:SS.ffffffZ`: the stored timestamp to the microsecond (see formatTimestamp). */
  occurredAt: string;
  actorType: ActorType;
  actorId: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  outcome: AuditOutcome;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
  subjectUserId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
}

/**
 * The instant as PostgreSQL stores it, to the microsecond, in UTC: what the hash covers, so
 * that a change below the millisecond a JavaScript Date can hold is still a change.
 */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/Z$/, '000Z');
}

/**
 * JSON with object keys sorted at every depth: equal values give equal text whatever order
 * their keys were written or read back in (jsonb reorders them).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map(
        (key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`,
      );
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The text an event's hash is taken over: every field in a fixed order, then the previous hash. */
export function canonicalEvent(event: ChainedEventFields): string {
  return canonicalJson([
    FORMAT,
    event.id,
    event.occurredAt,
    event.actorType,
    event.actorId,
    event.action,
    event.resourceType,
    event.resourceId,
    event.outcome,
    event.requestId,
    event.ip,
    event.userAgent,
    event.subjectUserId,
    event.details,
    event.prevHash,
  ]);
}

/** sha256 of the canonical serialisation, hex. */
export function hashEvent(event: ChainedEventFields): string {
  return createHash('sha256').update(canonicalEvent(event), 'utf8').digest('hex');
}
