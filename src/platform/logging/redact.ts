const SENSITIVE_KEY = /pass(word)?|secret|token|api[-_]?key|authorization|cookie|credential/i;
export const REDACTED = '[REDACTED]';
const MAX_DEPTH = 8;

/**
 * A copy of a log payload with every sensitive-looking field replaced, at any depth. Runs only
 * when a line is written, so the cost is per log line, not per request.
 */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = SENSITIVE_KEY.test(key) ? REDACTED : redactDeep(item, depth + 1);
  }
  return copy;
}
