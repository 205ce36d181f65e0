import { AsyncLocalStorage } from 'node:async_hooks';
import { Principal } from 'src/platform/security/principal';

/**
 * The request being served, visible to every log line written while serving it. The store is
 * the Fastify request itself: nothing is allocated per request, and the user appears in the
 * logs as soon as authentication has put the principal on the request.
 */
export interface RequestContext {
  readonly id: string;
  readonly principal?: Principal;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();
