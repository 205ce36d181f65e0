import { FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'pino';

/**
 * One access line per request: method, route template (never the raw URL, which may carry
 * identifiers or tokens), status, duration and the user when known.
 */
export class AccessLog {
  constructor(private readonly logger: Logger) {}

  requestFinished(request: FastifyRequest, reply: FastifyReply, route: string): void {
    const status = reply.statusCode;
    if (status < 500 && !this.logger.isLevelEnabled('info')) return;
    const line = {
      requestId: request.id,
      userId: request.principal?.userId,
      method: request.method,
      route,
      status,
      durationMs: Math.round(reply.elapsedTime * 100) / 100,
    };
    if (status >= 500) this.logger.error(line, 'request failed');
    else this.logger.info(line, 'request completed');
  }
}
