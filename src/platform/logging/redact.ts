const SENSITIVE_KEY = /pass(word)?|secret|token|api[-_]?key|authorization|cookie|credential/i;
/**
 * Personal data a user typed. Logs name people by id, never by what they wrote; the audit
 * trail, which also uses this redaction, keeps them (it is where an address change is proved).
 */
const PERSONAL_KEY =
  /^(e-?mail|email[-_]?address|to|display[-_]?name|payee|notes?|tags|description)$/i;
export const REDACTED = '[REDACTED]';
const MAX_DEPTH = 8;

/**
 * A copy of a payload with every sensitive-looking field replaced, at any depth (with
 * `personal`, also fields holding personal data). Runs only when a line is written, so the cost
 * is per log line, not per request.
 */
export function redactDeep(value: unknown, depth = 0, personal = false): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1, personal));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const hidden = SENSITIVE_KEY.test(key) || (personal && PERSONAL_KEY.test(key));
    copy[key] = hidden ? REDACTED : redactDeep(item, depth + 1, personal);
  }
  return copy;
}
