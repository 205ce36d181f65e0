import { AppException } from 'src/platform/errors/app.exception';
import { fetchBytes } from 'src/platform/outbound-http/fetch-bytes';
import { freePort } from 'test/support/processes';
import { HttpFixtureServer, startHttpFixtureServer } from 'test/support/http-fixture-server';

const LIMITS = { timeoutMs: 300, maxBytes: 1000 };

async function failureOf(attempt: Promise<unknown>): Promise<AppException> {
  const error = await attempt.then(
    () => new Error('expected a failure'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppException);
  return error as AppException;
}

describe('fetchBytes', () => {
  let server: HttpFixtureServer;

  beforeAll(async () => {
    server = await startHttpFixtureServer();
  });

  afterAll(async () => {
    await server.close();
  });

  it('returns the body', async () => {
    server.serve('/ok', { body: 'hello' });
    const body = await fetchBytes(server.url('/ok'), 'Test source', LIMITS);
    expect(body.toString()).toBe('hello');
  });

  it('follows a redirect', async () => {
    server.serve('/moved', { status: 302, headers: { location: server.url('/ok') } });
    server.serve('/ok', { body: 'there' });
    expect((await fetchBytes(server.url('/moved'), 'Test source', LIMITS)).toString()).toBe(
      'there',
    );
  });

  it.each([500, 503, 404, 403])(
    'reports HTTP %i as the source being unavailable',
    async (status) => {
      server.serve('/status', { status, body: 'nope' });
      const error = await failureOf(fetchBytes(server.url('/status'), 'Test source', LIMITS));
      expect(error.code).toBe('DEPENDENCY_UNAVAILABLE');
      expect(error.detail).toBe(`Test source: the server answered HTTP ${status}`);
      expect(error.options.retryAfterSeconds).toBe(60);
    },
  );

  it('gives up on a server that does not answer in time', async () => {
    server.serve('/slow', { delayMs: 5_000, body: 'late' });
    const error = await failureOf(fetchBytes(server.url('/slow'), 'Test source', LIMITS));
    expect(error.code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(error.detail).toBe('Test source: no complete answer within 300 ms');
  });

  it('gives up on a body that never ends', async () => {
    server.serve('/stall', { body: 'x'.repeat(500), stallAfterBytes: 10 });
    const error = await failureOf(fetchBytes(server.url('/stall'), 'Test source', LIMITS));
    expect(error.detail).toBe('Test source: no complete answer within 300 ms');
  });

  it('refuses a body larger than allowed, whether or not its length is declared', async () => {
    server.serve('/declared', { body: 'x'.repeat(1001) });
    server.serve('/chunked', { body: 'x'.repeat(5000), chunked: true });
    for (const path of ['/declared', '/chunked']) {
      const error = await failureOf(fetchBytes(server.url(path), 'Test source', LIMITS));
      expect([path, error.code, error.detail]).toEqual([
        path,
        'UPSTREAM_INVALID_RESPONSE',
        'Test source: the response is larger than 1000 bytes',
      ]);
    }
  });

  it('names the network error when nothing listens', async () => {
    const port = await freePort();
    const error = await failureOf(
      fetchBytes(`http://127.0.0.1:${port}/rates`, 'Test source', LIMITS),
    );
    expect(error.code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(error.detail).toBe('Test source: the server could not be reached (ECONNREFUSED)');
  });
});
