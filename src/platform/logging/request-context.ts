import { AsyncLocalStorage } from 'node:async_hooks';
import { Principal } from 'src/platform/security/principal';

/**
 * The request being served, visible to every log line written while serving it and to the
 * audit trail, which takes who, from where and which request out of it. The store is the
 * Fastify request itself: nothing is allocated per request, and the principal appears as soon
 * as authentication has put it on the request.
 */
export interface RequestContext {
  readonly id: string;
  /** The client address as Fastify resolves it (X-Forwarded-For only when TRUST_PROXY allows). */
  readonly ip: string;
  readonly headers: { readonly 'user-agent'?: string };
  readonly principal?: Principal;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();
