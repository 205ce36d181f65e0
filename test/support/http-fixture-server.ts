import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface FixtureResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Wait this long before sending headers (a slow or hung upstream). */
  delayMs?: number;
  /** Send the headers and this many bytes of the body, then stall (a body that never ends). */
  stallAfterBytes?: number;
  /** Send the body in chunks without a Content-Length, as a streaming server does. */
  chunked?: boolean;
}

export interface HttpFixtureServer {
  /** `http://127.0.0.1:<port><path>` */
  url(path: string): string;
  /** What `path` answers from now on (404 for paths never set). */
  serve(path: string, response: FixtureResponse): void;
  /** Paths requested so far, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * A loopback HTTP server that plays an upstream API for tests: fixed answers per path, error
 * statuses, delays and stalled bodies. It never reaches beyond 127.0.0.1.
 */
export async function startHttpFixtureServer(): Promise<HttpFixtureServer> {
  const routes = new Map<string, FixtureResponse>();
  const requests: string[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const respond = (request: IncomingMessage, response: ServerResponse): void => {
    const path = (request.url ?? '/').split('?')[0];
    requests.push(path);
    const fixture = routes.get(path) ?? { status: 404, body: 'not found' };
    const send = (): void => {
      const body = typeof fixture.body === 'string' ? Buffer.from(fixture.body) : fixture.body;
      if (fixture.stallAfterBytes !== undefined) {
        response.writeHead(fixture.status ?? 200, fixture.headers);
        response.write(body?.subarray(0, fixture.stallAfterBytes) ?? Buffer.alloc(0));
        return;
      }
      if (fixture.chunked && body) {
        response.writeHead(fixture.status ?? 200, fixture.headers);
        for (let offset = 0; offset < body.byteLength; offset += 512) {
          response.write(body.subarray(offset, offset + 512));
        }
        response.end();
        return;
      }
      response.writeHead(fixture.status ?? 200, {
        ...(body ? { 'content-length': String(body.byteLength) } : {}),
        ...fixture.headers,
      });
      response.end(body);
    };
    if (fixture.delayMs) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, fixture.delayMs);
      timers.add(timer);
    } else {
      send();
    }
  };

  const server = createServer(respond);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    serve: (path, response) => routes.set(path, response),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
