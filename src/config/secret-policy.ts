const MIN_SECRET_BYTES = 32;

/**
 * Fragments found in sample configurations and tutorials. A secret containing one was copied
 * from somewhere public, whatever its length.
 */
const PLACEHOLDER_PATTERNS: readonly RegExp[] = [
  /change[-_ ]?me/i,
  /changeit/i,
  /your[-_ ]?(jwt[-_ ]?)?secret/i,
  /^(my)?secret(key)?\d*$/i,
  /^(super)?secret[-_]?(jwt|key|token)?$/i,
  /placeholder/i,
  /replace[-_ ]?(me|this)/i,
  /^(password|passw0rd|admin|default|example|test|dummy|xxx+|123+)\d*$/i,
  /^(.)\1+$/,
];

/** Why a secret is unfit for production, or undefined when it is fine. */
export function secretWeakness(secret: string): string | undefined {
  if (Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES) {
    return `is shorter than ${MIN_SECRET_BYTES} bytes`;
  }
  if (PLACEHOLDER_PATTERNS.some((pattern) => pattern.test(secret))) {
    return 'is a placeholder value';
  }
  return undefined;
}
