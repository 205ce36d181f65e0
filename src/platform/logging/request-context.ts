import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  requestId: string;
  userId?: string;
}

/** The request being served, visible to every log line written while serving it. */
export const requestContext = new AsyncLocalStorage<RequestContext>();
