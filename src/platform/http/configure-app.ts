import { RequestMethod, VersioningType } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Server } from 'node:http';
import { FastifyHttpOptions } from 'fastify';
import { HttpConfig } from 'src/config/app-config';
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
    trustProxy: false,
  };
}

/** The one HTTP pipeline, applied by main and by the test app. */
export function configureApp(app: NestFastifyApplication): NestFastifyApplication {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [{ path: 'health/*path', method: RequestMethod.ALL }],
  });
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  closeConnectionsWhenShuttingDown(app);
  return app;
}

/**
 * Keep-alive sockets would hold the server open after their last response; once shutdown has
 * begun every response asks the client to reconnect elsewhere, so draining ends promptly.
 */
function closeConnectionsWhenShuttingDown(app: NestFastifyApplication): void {
  const shutdown = app.get(ShutdownState);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (_request, reply, payload, done) => {
      if (shutdown.isShuttingDown) void reply.header('connection', 'close');
      done(null, payload);
    });
}
