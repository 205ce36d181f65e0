import { once } from 'node:events';
import { AddressInfo } from 'node:net';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { MetricsRegistry } from 'src/platform/metrics/metrics.registry';

/**
 * METRICS_ACCESS=port: the exposition on a small listener of its own, so the scrape port can
 * stay inside the cluster network while the API port faces the world. It opens with the app
 * and closes in the shutdown hooks, which Nest runs after the API server has drained: the
 * drain itself stays observable.
 */
@Injectable()
export class MetricsPortListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server: Server | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsRegistry,
  ) {}

  /** The bound port while listening (METRICS_PORT=0 picks one). */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.metrics.access !== 'port') return;
    const { host, headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs } = this.config.http;
    const server = createServer(
      { headersTimeout: headersTimeoutMs, requestTimeout: requestTimeoutMs },
      (request, response) => void this.serve(request, response),
    );
    server.keepAliveTimeout = keepAliveTimeoutMs;
    server.listen(this.config.metrics.port, host);
    await once(server, 'listening');
    this.server = server;
    this.logger.log(`Metrics served on ${host}:${this.port}/metrics only`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = once(server, 'close');
    server.close();
    // A scraper's keep-alive connection would otherwise hold the listener open.
    server.closeIdleConnections();
    await closed;
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response
        .writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' })
        .end('Method not allowed\n');
      return;
    }
    try {
      const body = await this.metrics.registry.metrics();
      response.writeHead(200, { 'content-type': this.metrics.registry.contentType });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch (error) {
      this.logger.error(
        `Metrics collection failed: ${(error as Error).message}`,
        (error as Error).stack,
      );
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Error\n');
    }
  }
}
