import { FastifyInstance } from 'fastify';
import { MetricsRegistry } from 'src/platform/metrics/metrics.registry';

/** Request duration and in-flight count for every request, labelled by route template. */
export function installHttpMetrics(fastify: FastifyInstance, metrics: MetricsRegistry): void {
  fastify.addHook('onRequest', (_request, _reply, done) => {
    metrics.httpRequestsInFlight.inc();
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.httpRequestsInFlight.dec();
    metrics.httpRequestDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_class: `${Math.floor(reply.statusCode / 100)}xx`,
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
