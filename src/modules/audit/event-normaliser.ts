import { isIP } from 'node:net';
import { ChainedEventFields } from 'src/modules/audit/chain/event-hash';
import {
  ACTOR_TYPES,
  AUDIT_OUTCOMES,
  AuditActor,
  AuditEventInput,
} from 'src/modules/audit/audit.types';
import { boundDetails, storableText } from 'src/modules/audit/event-details';
import { RequestContext } from 'src/platform/logging/request-context';

/** Column widths of audit_events; longer values are cut, never refused. */
export const AUDIT_LIMITS = {
  action: 100,
  resourceType: 50,
  resourceId: 100,
  actorId: 100,
  requestId: 128,
  ip: 64,
  userAgent: 512,
} as const;

export const ACTION_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
export const RESOURCE_TYPE_PATTERN = /^[a-z][a-z0-9_]*$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Everything but what is known only once the chain is locked: the time and the previous hash. */
export type UnchainedEvent = Omit<ChainedEventFields, 'occurredAt' | 'prevHash'>;

/**
 * An event as it will be stored and hashed. Names chosen in code (action, resource type,
 * actor type, outcome, subject) must be well-formed, and a wrong one is a programming error;
 * values that come from outside (ids, request id, user agent, details) are cleaned and bounded
 * instead, so that auditing never fails a request over them.
 */
export function normaliseEvent(
  input: AuditEventInput,
  context: RequestContext | undefined,
  id: string,
): UnchainedEvent {
  if (input.action.length > AUDIT_LIMITS.action || !ACTION_PATTERN.test(input.action)) {
    throw new TypeError(`Audit action "${input.action}" is not a dotted lower-case name`);
  }
  if (
    input.resourceType.length > AUDIT_LIMITS.resourceType ||
    !RESOURCE_TYPE_PATTERN.test(input.resourceType)
  ) {
    throw new TypeError(`Audit resource type "${input.resourceType}" is not a snake_case name`);
  }
  const outcome = input.outcome ?? 'success';
  if (!AUDIT_OUTCOMES.includes(outcome)) {
    throw new TypeError(
      `Audit outcome "${String(outcome)}" is not one of ${AUDIT_OUTCOMES.join(', ')}`,
    );
  }
  const actor = input.actor ?? actorFromContext(context);
  if (!ACTOR_TYPES.includes(actor.type)) {
    throw new TypeError(
      `Audit actor type "${String(actor.type)}" is not one of ${ACTOR_TYPES.join(', ')}`,
    );
  }
  const subjectUserId =
    input.subjectUserId !== undefined ? input.subjectUserId : (context?.principal?.userId ?? null);
  if (subjectUserId !== null && !UUID_PATTERN.test(subjectUserId)) {
    throw new TypeError(`Audit subject user id "${subjectUserId}" is not a uuid`);
  }

  return {
    id,
    actorType: actor.type,
    actorId: text(actor.id, AUDIT_LIMITS.actorId),
    action: input.action,
    resourceType: input.resourceType,
    resourceId: text(input.resourceId, AUDIT_LIMITS.resourceId),
    outcome,
    requestId: text(given(input.requestId, context?.id), AUDIT_LIMITS.requestId),
    ip: clientAddress(given(input.ip, context?.ip)),
    userAgent: text(given(input.userAgent, context?.headers['user-agent']), AUDIT_LIMITS.userAgent),
    // PostgreSQL gives uuids back in lower case; the hash must cover what it gives back.
    subjectUserId: subjectUserId?.toLowerCase() ?? null,
    details: boundDetails(input.details),
  };
}

/**
 * Who acts, from the request being served: its principal (a user or an API key), anonymous
 * before authentication, and the system itself outside any request (jobs, CLI).
 */
export function actorFromContext(context: RequestContext | undefined): AuditActor {
  if (!context) return { type: 'system', id: null };
  const principal = context.principal;
  if (!principal) return { type: 'anonymous', id: null };
  return principal.kind === 'apiKey'
    ? { type: 'api_key', id: principal.apiKeyId ?? null }
    : { type: 'user', id: principal.userId };
}

function given<T>(override: T | null | undefined, fallback: T | undefined): T | null {
  return override !== undefined ? override : (fallback ?? null);
}

function text(value: string | null | undefined, maxLength: number): string | null {
  if (value === null || value === undefined) return null;
  const cleaned = storableText(value, maxLength);
  return cleaned === '' ? null : cleaned;
}

function clientAddress(value: string | null): string | null {
  return value !== null && value.length <= AUDIT_LIMITS.ip && isIP(value) !== 0 ? value : null;
}
