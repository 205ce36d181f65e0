import { canonicalJson } from 'src/modules/audit/chain/event-hash';
import { redactDeep } from 'src/platform/logging/redact';

/** Past this, details are replaced by a marker: an audit row is not a place for payloads. */
export const MAX_DETAILS_BYTES = 8 * 1024;
/** Below redactDeep's own depth limit, so nothing kept escapes redaction. */
const MAX_DEPTH = 6;
const MAX_STRING_LENGTH = 1000;
const MAX_KEY_LENGTH = 100;
const MAX_ENTRIES = 100;
const TRUNCATED = '[TRUNCATED]';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as PostgreSQL will store it: without NUL characters (text and jsonb refuse them) and
 * without lone surrogates (which would be stored as U+FFFD, silently changing what was hashed).
 */
export function storableText(text: string, maxLength: number): string {
  const bounded = text.length > maxLength ? text.slice(0, maxLength) : text;
  return bounded.replace(/\0/g, '').replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * Details as they are stored and hashed: secrets redacted by name at any depth, reduced to
 * plain JSON values (what jsonb gives back), strings, keys, lists and depth bounded, and the
 * whole no larger than MAX_DETAILS_BYTES.
 */
export function boundDetails(
  details: Record<string, unknown> | undefined,
): Record<string, unknown> {
  if (details === undefined) return {};
  // Plain values first: redactDeep copies objects entry by entry, which would empty a Date.
  const safe = redactDeep(toJsonValue(details, 0));
  const object = isPlainObject(safe) ? safe : { value: safe };
  const bytes = Buffer.byteLength(canonicalJson(object), 'utf8');
  return bytes <= MAX_DETAILS_BYTES ? object : { truncated: true, originalBytes: bytes };
}

function toJsonValue(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
      return storableText(value, MAX_STRING_LENGTH);
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      return null;
  }
  if (value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  // An error's message can carry SQL or input; its name says enough.
  if (value instanceof Error) return value.name;
  if (depth >= MAX_DEPTH) return TRUNCATED;
  if (Array.isArray(value)) {
    return value.slice(0, MAX_ENTRIES).map((item) => toJsonValue(item, depth + 1));
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value).slice(0, MAX_ENTRIES)) {
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    copy[storableText(key, MAX_KEY_LENGTH)] = toJsonValue(item, depth + 1);
  }
  return copy;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
