import { FastifyInstance } from 'fastify';
import { Logger } from 'pino';
import { requestContext } from 'src/platform/logging/request-context';

/**
 * Binds each request (id, client address, user agent) to everything that runs while serving
 * it, and writes one access line per request: method, route template (never the raw URL, which
 * may carry identifiers or tokens), status, duration and the user when known.
 */
export function installAccessLog(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    requestContext.run(
      { requestId: String(request.id), ip: request.ip, userAgent: request.headers['user-agent'] },
      done,
    );
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    if (status < 500 && !logger.isLevelEnabled('info')) {
      done();
      return;
    }
    const line = {
      requestId: String(request.id),
      userId: requestContext.getStore()?.userId,
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status,
      durationMs: Math.round(reply.elapsedTime * 100) / 100,
    };
    if (status >= 500) logger.error(line, 'request failed');
    else logger.info(line, 'request completed');
    done();
  });
}
