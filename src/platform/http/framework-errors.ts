import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { Duplex } from 'node:stream';
import { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppException } from 'src/platform/errors/app.exception';
import { problemDetails } from 'src/platform/errors/problem-details';
import { REQUEST_ID_HEADER } from 'src/platform/http/request-id';

/**
 * The longest path parameter the router matches. Ids are UUIDs (36 characters); anything much
 * longer is no id of ours, and is refused before routing rather than carried to a handler.
 */
export const MAX_PARAM_LENGTH = 100;

/**
 * These answers never name the path: it is the malformed or over-long part, and echoing it
 * would send a client's 8 KB back (or whatever bytes it holds). The request id identifies the
 * occurrence instead.
 */
function instanceFor(requestId: string): string {
  return `urn:ledgerline:request:${requestId}`;
}

function problemFor(exception: AppException, requestId: string) {
  return problemDetails(exception, instanceFor(requestId), requestId);
}

function frameworkException(error: FastifyError): AppException {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return new AppException(
        'BAD_REQUEST',
        'The path is not a valid URL (a malformed percent-escape)',
      );
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppException(
        'URI_TOO_LONG',
        `A path segment is longer than ${MAX_PARAM_LENGTH} characters`,
      );
    default:
      return new AppException('BAD_REQUEST', 'The request could not be routed');
  }
}

/**
 * Fastify's `frameworkErrors`: what its router refuses before any hook or Nest filter runs (a
 * malformed percent-escape, an over-long path parameter), answered as problem+json with the
 * request id, as everything else is.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const requestId = String(request.id);
  const problem = problemFor(frameworkException(error), requestId);
  void reply
    .status(problem.status)
    .header(REQUEST_ID_HEADER, requestId)
    .header('x-content-type-options', 'nosniff')
    .header('content-type', 'application/problem+json')
    .send(JSON.stringify(problem));
}

function clientException(error: NodeJS.ErrnoException): AppException {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new AppException('REQUEST_TIMEOUT', 'The request was not received in time');
    case 'HPE_HEADER_OVERFLOW':
      return new AppException('HEADERS_TOO_LARGE', 'The request line and headers are too large');
    default:
      return new AppException('BAD_REQUEST', 'The request is not valid HTTP');
  }
}

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refuses (bad header bytes, headers
 * too large, a request too slow), before there is a request to hang an answer on. The answer
 * is written to the socket as problem+json with a new request id, and the socket is ended
 * (not destroyed) so the client reads it.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Duplex): void {
  // A reset connection has nobody to answer; on one whose current response has begun, another
  // answer would land inside it (Node's own handler makes the same check).
  const current = (socket as Duplex & { _httpMessage?: { headersSent: boolean } | null })
    ._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || current?.headersSent) return;
  const requestId = randomUUID();
  const problem = problemFor(clientException(error), requestId);
  const payload = JSON.stringify(problem);
  socket.end(
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
      'content-type: application/problem+json\r\n' +
      `content-length: ${Buffer.byteLength(payload)}\r\n` +
      `${REQUEST_ID_HEADER}: ${requestId}\r\n` +
      'x-content-type-options: nosniff\r\n' +
      'connection: close\r\n' +
      `\r\n${payload}`,
  );
}
