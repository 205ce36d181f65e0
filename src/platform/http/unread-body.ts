import { FastifyReply, FastifyRequest } from 'fastify';

/**
 * How long a refused body may go on arriving after its answer. Long enough for any client that
 * is still sending to finish or give up; short of the request timeout, whose own 408 would
 * follow an answer already sent.
 */
const LINGER_MS = 5_000;

/**
 * An error answered while the request body is still arriving (413 on an announced size or
 * past the limit, a CSV refused mid-upload). Fastify asks for `Connection: close`, and Node then
 * closes the socket with the unread body in its buffer: the kernel answers that with a reset,
 * and a client still sending (or not yet reading) loses the answer with it. Instead the rest of
 * the body is read and thrown away, the connection stays usable, and a client that keeps
 * sending past `LINGER_MS` is cut off.
 */
export function answerBeforeUnreadBody(request: FastifyRequest, reply: FastifyReply): void {
  const incoming = request.raw;
  const socket = incoming.socket as typeof incoming.socket | null;
  // `complete` is Node's own flag; an injected request (no socket, no such flag) has none.
  if (incoming.complete !== false || incoming.destroyed || !socket) return;
  reply.removeHeader('connection');
  // Nobody reads it any more (the parser gave up on it): let it flow to nowhere.
  incoming.resume();
  const cutOff = setTimeout(() => socket.destroy(), LINGER_MS);
  cutOff.unref();
  const stop = (): void => clearTimeout(cutOff);
  incoming.once('end', stop);
  socket.once('close', stop);
}
