import { Server } from 'node:http';
import { RequestMethod, VersioningType } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyHttpOptions } from 'fastify';
import { AppConfig, HttpConfig } from 'src/config/app-config';
import { AppException } from 'src/platform/errors/app.exception';
import { RouteIndex } from 'src/platform/errors/route-index';
import { installCsvBodyParser } from 'src/platform/http/csv-body';
import { REQUEST_ID_HEADER, requestIdFor } from 'src/platform/http/request-id';
import { helmetOptions, securityHeaders } from 'src/platform/http/security-headers';
import {
  DOCS_CONTENT_SECURITY_POLICY,
  DOCS_PATH,
  mountOpenApi,
} from 'src/platform/openapi/openapi';
import { installAccessLog } from 'src/platform/logging/access-log';
import { AppLogger } from 'src/platform/logging/app-logger';
import { installHttpMetrics } from 'src/platform/metrics/http-metrics';
import { MetricsRegistry } from 'src/platform/metrics/metrics.registry';
import { installHandlerTracking } from 'src/platform/lifecycle/handler-tracking';
import { ShutdownState } from 'src/platform/lifecycle/shutdown-state';

export const API_PREFIX = 'api';

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
  };
}

/** The one HTTP pipeline, applied by main and by the test app. */
export function configureApp(app: NestFastifyApplication): NestFastifyApplication {
  const config = app.get(AppConfig);
  const fastify = app.getHttpAdapter().getInstance();
  installAccessLog(fastify, app.get(AppLogger).pino);
  installHttpMetrics(fastify, app.get(MetricsRegistry));
  installCsvBodyParser(fastify, config.imports.maxBytes);

  const routes = app.get(RouteIndex);
  fastify.addHook('onRoute', (route) => routes.add(route.method, route.url));

  const apiHeaders = securityHeaders(
    helmetOptions(config.isProduction, {
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
    }),
  );
  const docsHeaders = {
    ...apiHeaders,
    'content-security-policy': DOCS_CONTENT_SECURITY_POLICY,
  };
  const docsPrefix = `/${DOCS_PATH}`;
  const allowedHosts = config.http.allowedHosts;

  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    void reply.headers(request.url.startsWith(docsPrefix) ? docsHeaders : apiHeaders);
    if (
      allowedHosts.length > 0 &&
      !allowedHosts.includes(hostWithoutPort(request.headers.host).toLowerCase())
    ) {
      done(new AppException('HOST_NOT_ALLOWED'));
      return;
    }
    done();
  });
  // Also asks keep-alive clients to reconnect elsewhere once shutdown has begun.
  installHandlerTracking(fastify, app.get(ShutdownState));

  app.enableCors({
    origin: config.http.corsOrigins.length > 0 ? [...config.http.corsOrigins] : false,
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

function hostWithoutPort(host: string | undefined): string {
  if (!host) return '';
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? '');
}
