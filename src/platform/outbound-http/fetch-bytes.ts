import { AppException } from 'src/platform/errors/app.exception';

export interface FetchLimits {
  /** The whole exchange, body included. */
  timeoutMs: number;
  maxBytes: number;
}

/**
 * The body of a GET, bounded in time and size, or an AppException that names the source:
 * DEPENDENCY_UNAVAILABLE when it cannot be reached, answers with an error status or is too slow
 * (worth retrying later), UPSTREAM_INVALID_RESPONSE when what it sends is too large.
 */
export async function fetchBytes(url: string, what: string, limits: FetchLimits): Promise<Buffer> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    const response = await fetch(url, { signal, redirect: 'follow' });
    if (!response.ok) {
      await response.body?.cancel();
      throw unavailable(what, `the server answered HTTP ${response.status}`);
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      await response.body?.cancel();
      throw tooLarge(what, limits.maxBytes);
    }
    return await readBounded(response, what, limits.maxBytes);
  } catch (error) {
    if (error instanceof AppException) throw error;
    if (signal.aborted) {
      throw unavailable(what, `no complete answer within ${limits.timeoutMs} ms`, error);
    }
    throw unavailable(what, describeNetworkError(error), error);
  }
}

async function readBounded(response: Response, what: string, maxBytes: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let received = 0;
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader() as ReadableStreamDefaultReader<Uint8Array>;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel();
      throw tooLarge(what, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function unavailable(what: string, reason: string, cause?: unknown): AppException {
  return new AppException('DEPENDENCY_UNAVAILABLE', `${what}: ${reason}`, {
    retryAfterSeconds: 60,
    cause,
  });
}

function tooLarge(what: string, maxBytes: number): AppException {
  return new AppException(
    'UPSTREAM_INVALID_RESPONSE',
    `${what}: the response is larger than ${maxBytes} bytes`,
  );
}

/** Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND…) is in `cause`. */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  return code ? `the server could not be reached (${code})` : 'the server could not be reached';
}
