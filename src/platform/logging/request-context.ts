import { AsyncLocalStorage } from 'node:async_hooks';
import { Principal } from 'src/platform/security/principal';

export interface RequestContext {
  requestId: string;
  /** The client address as Fastify resolves it (X-Forwarded-For only when TRUST_PROXY allows). */
  ip?: string;
  userAgent?: string;
  /** Set by the authentication guard once the caller is known, with `userId` beside it. */
  principal?: Principal;
  userId?: string;
}

/**
 * The request being served, visible to every log line written while serving it and to the
 * audit trail, which takes who, from where and which request out of it.
 */
export const requestContext = new AsyncLocalStorage<RequestContext>();
