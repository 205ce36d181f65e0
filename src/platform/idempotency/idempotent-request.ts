import { createHash } from 'node:crypto';
import { FastifyReply } from 'fastify';
import { AppException } from 'src/platform/errors/app.exception';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENT_REPLAY_HEADER = 'idempotent-replayed';

/** 1–255 visible ASCII characters: a UUID, a ULID or any token a client generates. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** A create request that carries an Idempotency-Key, as IdempotencyService needs it. */
export class IdempotentRequest {
  constructor(
    readonly userId: string,
    readonly key: string,
    /** sha256 of the method, route and canonical body: what "the same request" means. */
    readonly requestHash: string,
    /** The status the route answers on success, stored with the body for replays. */
    readonly successStatus: number,
    private readonly reply?: FastifyReply,
  ) {}

  /** Tells the client this answer is the stored first one. */
  markReplayed(): void {
    void this.reply?.header(IDEMPOTENT_REPLAY_HEADER, 'true');
  }
}

/** The key as sent, or undefined without the header; a malformed key is a field error. */
export function parseIdempotencyKey(header: unknown): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
    throw new AppException('VALIDATION_FAILED', 'The Idempotency-Key header is not valid', {
      errors: [
        {
          field: 'Idempotency-Key',
          messages: ['Idempotency-Key must be 1 to 255 visible ASCII characters, sent once'],
        },
      ],
    });
  }
  return header;
}

/** The request's fingerprint: key order and whitespace in the JSON do not change it. */
export function requestFingerprint(method: string, route: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${route}\n${canonicalJson(body)}`)
    .digest('hex');
}

/** JSON with object keys sorted at every depth; undefined (no body) is written as null. */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
