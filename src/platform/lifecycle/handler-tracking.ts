import { FastifyInstance, FastifyRequest } from 'fastify';
import { ShutdownState } from 'src/platform/lifecycle/shutdown-state';

const tracked = new WeakSet<FastifyRequest>();

/**
 * Counts route handlers between preHandler (the handler is about to run) and onSend (it has
 * produced a reply, even for a client that already hung up). Fastify hooks rather than a Nest
 * interceptor: a global interceptor puts every request through RxJS and cost a fifth of the
 * throughput of a small route.
 */
export function installHandlerTracking(fastify: FastifyInstance, state: ShutdownState): void {
  fastify.addHook('preHandler', (request, _reply, done) => {
    // A request handed on to the not-found handler (callNotFound) passes here twice.
    if (!tracked.has(request)) {
      tracked.add(request);
      state.handlerStarted();
    }
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (tracked.delete(request)) state.handlerFinished();
    if (state.isShuttingDown) void reply.header('connection', 'close');
    done(null, payload);
  });
}
