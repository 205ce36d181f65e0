import { FastifyInstance, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { ShutdownState } from 'src/platform/lifecycle/shutdown-state';

/** Route config of a route that shutdown need not wait for (a probe: nothing to drain). */
export const UNTRACKED_ROUTE = { untracked: true } as const;

const tracked = new WeakSet<FastifyRequest>();

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Shutdown need not wait for this route's handler (see UNTRACKED_ROUTE). */
    untracked?: boolean;
  }
}

/**
 * Counts route handlers between preHandler (the handler is about to run) and onSend (it has
 * produced a reply, even for a client that already hung up). Fastify hooks rather than a Nest
 * interceptor: a global interceptor puts every request through RxJS and cost a fifth of the
 * throughput of a small route. The preHandler is attached route by route (a route with
 * UNTRACKED_ROUTE as its config gets none, and skips that hook run entirely); onSend stays
 * global, so a request passed on to the not-found handler is still counted as finished.
 */
export function installHandlerTracking(fastify: FastifyInstance, state: ShutdownState): void {
  const started: preHandlerHookHandler = (request, _reply, done) => {
    // A request handed on to the not-found handler (callNotFound) passes here twice.
    if (!tracked.has(request)) {
      tracked.add(request);
      state.handlerStarted();
    }
    done();
  };
  fastify.addHook('onRoute', (route) => {
    if (route.config?.untracked) return;
    const existing = route.preHandler;
    route.preHandler = existing
      ? [...(Array.isArray(existing) ? existing : [existing]), started]
      : started;
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (tracked.delete(request)) state.handlerFinished();
    if (state.isShuttingDown) void reply.header('connection', 'close');
    done(null, payload);
  });
}
