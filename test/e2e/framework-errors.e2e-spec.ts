import { connect } from 'node:net';
import { AddressInfo } from 'node:net';
import { newUser } from 'test/support/auth';
import { expectProblem } from 'test/support/problem';
import { startTestApp, TestApp } from 'test/support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BODY_LIMIT = 2048;

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends bytes as they are and reads what comes back until the server closes. */
function rawExchange(port: number, bytes: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
    socket.end(bytes);
  });
}

/** The status, headers and body of one HTTP/1.1 answer in `text`, once all of it is there. */
function parseAnswer(text: string): RawAnswer | undefined {
  const headEnd = text.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const [statusLine = '', ...headerLines] = text.slice(0, headEnd).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = text.slice(headEnd + 4);
  if (Buffer.byteLength(body) < Number(headers['content-length'] ?? 0)) return undefined;
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

/**
 * A client busy uploading a body far over the limit: it sends, does not read for a while, sends
 * more, and only then reads. Closing a socket with unread data makes the kernel send a reset,
 * which throws away the answer waiting in this client's buffer: it must read the 413 anyway.
 */
function uploadTooMuch(port: number, path: string, head: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunk = Buffer.alloc(256 * 1024, 'x');
    const chunked = head.includes('transfer-encoding: chunked');
    const piece = chunked
      ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')])
      : chunk;
    let received = '';
    socket.on('data', (data: Buffer) => {
      received += data.toString('utf8');
      const answer = parseAnswer(received);
      if (answer) {
        socket.destroy();
        resolve(answer);
      }
    });
    socket.on('error', (error) => reject(new Error(`${error.message}; read: ${received}`)));
    socket.on('close', () => reject(new Error(`closed; read: ${JSON.stringify(received)}`)));
    socket.on('connect', () => {
      socket.write(`POST ${path} HTTP/1.1\r\nhost: localhost\r\n${head}\r\n`);
      socket.write(piece);
      socket.pause();
      setTimeout(() => {
        socket.write(piece);
        socket.write(piece);
        setTimeout(() => socket.resume(), 200);
      }, 200);
    });
  });
}

describe('errors Fastify and Node answer on their own are problem+json', () => {
  let ctx: TestApp;
  let port: number;

  beforeAll(async () => {
    ctx = await startTestApp({
      HTTP_BODY_LIMIT_BYTES: String(BODY_LIMIT),
      IMPORT_MAX_BYTES: String(64 * 1024),
    });
    await ctx.app.listen({ host: '127.0.0.1', port: 0 });
    port = (ctx.app.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(async () => {
    await ctx.close();
  });

  it('400 BAD_REQUEST for a malformed percent-escape in the path, which is not echoed', async () => {
    const response = await ctx.inject({ method: 'GET', url: '/api/v1/expenses/%ZZ' });
    const body = expectProblem(response, 400, 'BAD_REQUEST');
    expect(response.headers['x-request-id']).toMatch(UUID);
    expect(response.body).not.toContain('%ZZ');
    expect(body.instance).toBe(`urn:ledgerline:request:${String(body.requestId)}`);
  });

  it('414 URI_TOO_LONG for an over-long path parameter, without the path in the answer', async () => {
    const long = 'a'.repeat(5000);
    const response = await ctx.inject({ method: 'GET', url: `/api/v1/expenses/${long}` });
    expectProblem(response, 414, 'URI_TOO_LONG');
    expect(response.body).not.toContain('aaaaaaaaaa');
    expect(response.body.length).toBeLessThan(1000);
  });

  it('404 for an over-long unrouted path, echoing only its start', async () => {
    const long = 'b'.repeat(5000);
    const response = await ctx.inject({ method: 'GET', url: `/api/v1/${long}` });
    const body = expectProblem(response, 404, 'ROUTE_NOT_FOUND');
    expect(body.instance).toBe(`/api/v1/${'b'.repeat(248)}…`);
    expect(response.body.length).toBeLessThan(1000);
  });

  it('keeps the client request id on a router error', async () => {
    const response = await ctx.inject({
      method: 'GET',
      url: '/api/v1/expenses/%E0%A4%A',
      headers: { 'x-request-id': 'trace-7' },
    });
    expect(expectProblem(response, 400, 'BAD_REQUEST').requestId).toBe('trace-7');
  });

  it('400 for bytes Node refuses in a header name, with a request id', async () => {
    const answer = await rawExchange(
      port,
      'GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nBad\u0001Name: x\r\n\r\n',
    );
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.headers['x-request-id']).toMatch(UUID);
    expect(JSON.parse(answer.body)).toMatchObject({
      status: 400,
      code: 'BAD_REQUEST',
      requestId: answer.headers['x-request-id'],
    });
  });

  it('431 HEADERS_TOO_LARGE for headers over Node’s limit', async () => {
    const answer = await rawExchange(
      port,
      `GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
    );
    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });
    expect(answer.body).not.toContain('bbbbbbbbbb');
  });

  it.each([
    ['announced by Content-Length', 'content-length: 50000000\r\n'],
    ['chunked', 'transfer-encoding: chunked\r\n'],
  ])('413 read by a client still sending a JSON body over the limit (%s)', async (_label, size) => {
    const answer = await uploadTooMuch(
      port,
      '/api/v1/auth/login',
      `content-type: application/json\r\n${size}`,
    );
    expect(answer.status).toBe(413);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(answer.body)).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      requestId: answer.headers['x-request-id'],
    });
  });

  it('413 read by a client still sending a CSV import over the import limit', async () => {
    const user = await newUser(ctx);
    const answer = await uploadTooMuch(
      port,
      '/api/v1/expense-imports?dateColumn=Date&amountColumn=Amount&currency=EUR',
      `authorization: ${user.headers.authorization}\r\ncontent-type: text/csv\r\n` +
        'transfer-encoding: chunked\r\n',
    );
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });
});
