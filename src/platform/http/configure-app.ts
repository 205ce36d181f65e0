import { RequestMethod, VersioningType } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Server } from 'node:http';
import { FastifyHttpOptions } from 'fastify';
import { HttpConfig } from 'src/config/app-config';

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
    trustProxy: false,
  };
}

/** The one HTTP pipeline, applied by main and by the test app. */
export function configureApp(app: NestFastifyApplication): NestFastifyApplication {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [{ path: 'health/*path', method: RequestMethod.ALL }],
  });
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  return app;
}
