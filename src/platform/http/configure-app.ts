import { Server } from 'node:http';
import { RequestMethod, VersioningType } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyHttpOptions } from 'fastify';
import { AppConfig, HttpConfig } from 'src/config/app-config';
import { RouteIndex } from 'src/platform/errors/route-index';
import { installBodyParsers } from 'src/platform/http/body-parsers';
import { installCsvBodyParser } from 'src/platform/http/csv-body';
import {
  clientErrorHandler,
  frameworkErrorHandler,
  MAX_PARAM_LENGTH,
} from 'src/platform/http/framework-errors';
import { REQUEST_ID_HEADER, requestIdFor } from 'src/platform/http/request-id';
import { installRequestHooks } from 'src/platform/http/request-hooks';
import { helmetOptions, securityHeaders } from 'src/platform/http/security-headers';
import {
  DOCS_CONTENT_SECURITY_POLICY,
  DOCS_PATH,
  mountOpenApi,
} from 'src/platform/openapi/openapi';
import { AccessLog } from 'src/platform/logging/access-log';
import { AppLogger } from 'src/platform/logging/app-logger';
import { HttpMetrics } from 'src/platform/metrics/http-metrics';
import { MetricsRegistry } from 'src/platform/metrics/metrics.registry';
import { installHandlerTracking } from 'src/platform/lifecycle/handler-tracking';
import { ShutdownState } from 'src/platform/lifecycle/shutdown-state';

export const API_PREFIX = 'api';
/** Where the health probes live, outside the API prefix. */
export const PROBES_PATH = '/health';

/**
 * Fastify 5 sets no request or header timeout by default; every limit is explicit here.
 * Used by the server and the e2e tests alike.
 */
export function fastifyOptions(http: HttpConfig): FastifyHttpOptions<Server> {
  return {
    bodyLimit: http.bodyLimitBytes,
    connectionTimeout: http.connectionTimeoutMs,
    keepAliveTimeout: http.keepAliveTimeoutMs,
    requestTimeout: http.requestTimeoutMs,
    http: { headersTimeout: http.headersTimeoutMs },
    // Idle keep-alive sockets close at shutdown; busy ones finish their request first.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    trustProxy: http.trustProxy,
    requestIdHeader: false,
    genReqId: requestIdFor,
    logger: false,
    // What Fastify and Node answer on their own, before any hook or filter, is problem+json too.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  };
}

/** The one HTTP pipeline, applied by main and by the test app. */
export function configureApp(app: NestFastifyApplication): NestFastifyApplication {
  const config = app.get(AppConfig);
  const fastify = app.getHttpAdapter().getInstance();
  installBodyParsers(app, config.http.bodyLimitBytes);
  installCsvBodyParser(fastify, config.imports.maxBytes);

  const routes = app.get(RouteIndex);
  fastify.addHook('onRoute', (route) => routes.add(route.method, route.url));

  // JSON loads nothing, so the API policy allows nothing (helmet's defaults, written for
  // HTML pages, would allow images, styles and scripts from the origin).
  const apiHeaders = securityHeaders(
    helmetOptions(
      config.isProduction,
      {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'none'"],
          frameAncestors: ["'none'"],
        },
      },
      'json',
    ),
  );
  const docsHeaders = {
    ...securityHeaders(helmetOptions(config.isProduction, false, 'document')),
    'content-security-policy': DOCS_CONTENT_SECURITY_POLICY,
  };
  // Probes are read by orchestrators and monitors, never rendered: the browser policies would
  // be dead weight on the most frequent request there is (they cost the liveness probe about
  // 2 µs of its 13, `npm run bench`).
  const probeHeaders = { 'x-content-type-options': 'nosniff' };
  const docsPrefix = `/${DOCS_PATH}`;
  const isProbe = (path: string) => path === PROBES_PATH || path.startsWith(`${PROBES_PATH}/`);
  installRequestHooks(fastify, {
    headersFor: (path) =>
      isProbe(path) ? probeHeaders : path.startsWith(docsPrefix) ? docsHeaders : apiHeaders,
    isProbe,
    allowedHosts: config.http.allowedHosts,
    accessLog: new AccessLog(app.get(AppLogger).pino),
    metrics: new HttpMetrics(app.get(MetricsRegistry)),
  });
  // Also asks keep-alive clients to reconnect elsewhere once shutdown has begun.
  installHandlerTracking(fastify, app.get(ShutdownState));

  // Without allowed origins there is nothing for CORS to grant, and its hook would still run
  // on every request; a preflight then gets the 405 any unrouted OPTIONS gets.
  if (config.http.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...config.http.corsOrigins],
      credentials: true,
      exposedHeaders: [
        REQUEST_ID_HEADER,
        'retry-after',
        'ratelimit-limit',
        'ratelimit-remaining',
        'ratelimit-reset',
      ],
      maxAge: 600,
    });
  }

  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.ALL },
      { path: 'health/*path', method: RequestMethod.ALL },
      { path: 'metrics', method: RequestMethod.ALL },
    ],
  });
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  mountOpenApi(app);
  return app;
}
