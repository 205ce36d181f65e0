import { FastifyReply, FastifyRequest } from 'fastify';
import { MetricsRegistry } from 'src/platform/metrics/metrics.registry';

/** Request duration and in-flight count, labelled by route template (never the raw URL). */
export class HttpMetrics {
  constructor(private readonly metrics: MetricsRegistry) {}

  requestStarted(): void {
    this.metrics.httpRequestsInFlight.inc();
  }

  requestFinished(request: FastifyRequest, reply: FastifyReply, route: string): void {
    this.metrics.httpRequestsInFlight.dec();
    this.metrics.httpRequestDuration.observe(
      request.method,
      route,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  }
}
