import { FastifyInstance, FastifyRequest } from 'fastify';
import { AppException } from 'src/platform/errors/app.exception';
import { REQUEST_ID_HEADER } from 'src/platform/http/request-id';
import { AccessLog } from 'src/platform/logging/access-log';
import { requestContext } from 'src/platform/logging/request-context';
import { HttpMetrics } from 'src/platform/metrics/http-metrics';
import { refuseInput } from 'src/platform/validation/input-inspection';

export interface RequestHooksOptions {
  /** Security headers for a request path (the docs page has its own policy). */
  headersFor: (path: string) => Record<string, string>;
  /**
   * Probes (orchestrators' health checks) are exempt from the Host check: the kubelet calls a
   * pod by its address, which no ALLOWED_HOSTS entry names.
   */
  isProbe: (path: string) => boolean;
  /** Lower-cased Host names served; empty serves any. */
  allowedHosts: readonly string[];
  accessLog: AccessLog;
  metrics: HttpMetrics;
}

/**
 * What the platform does on every request, in one onRequest and one onResponse hook: each
 * Fastify hook is another trip through its hook runner on every request, and four small ones
 * cost /health/live a tenth of its throughput (`npm run bench`).
 */
export function installRequestHooks(fastify: FastifyInstance, options: RequestHooksOptions): void {
  const { headersFor, isProbe, allowedHosts, accessLog, metrics } = options;

  fastify.addHook('onRequest', (request, reply, done) => {
    metrics.requestStarted();
    void reply.header(REQUEST_ID_HEADER, request.id).headers(headersFor(request.url));
    const refused =
      allowedHosts.length > 0 &&
      !allowedHosts.includes(hostWithoutPort(request.headers.host)) &&
      !isProbe(request.url)
        ? new AppException('HOST_NOT_ALLOWED')
        : refuseUrlInput(request);
    // The rest of the request runs inside its context: every log line carries its id.
    requestContext.run(request, done, refused);
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requestFinished(request, reply, route);
    accessLog.requestFinished(request, reply, route);
    done();
  });
}

/**
 * The query and path parameters get the inspection bodies get in their parser (a NUL in `?q=`
 * would otherwise reach PostgreSQL). Only a percent-escape can put a NUL in them: Node's parser
 * refuses the raw byte, and reads the URL as Latin-1, which has no surrogates. Most URLs have
 * no `%` at all and skip the walk (about 100 ns for a two-parameter query).
 */
function refuseUrlInput(request: FastifyRequest): AppException | undefined {
  if (!request.url.includes('%')) return undefined;
  return refuseInput(request.query, 'query') ?? refuseInput(request.params, 'params');
}

function hostWithoutPort(host: string | undefined): string {
  if (!host) return '';
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return (name ?? '').toLowerCase();
}
