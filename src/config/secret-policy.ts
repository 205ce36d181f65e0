import { dictionary } from '@zxcvbn-ts/language-common';

/** What a secret is for decides how many bits of guessing it must withstand. */
export interface SecretUse {
  /** How the secret is named in messages, e.g. `JWT_SECRETS entry 1`. */
  name: string;
  minBits: number;
  /** Why that bound, shown when the secret falls short. */
  purpose: string;
}

/** RFC 7518 §3.2: an HS256 key has at least as many bits as the hash output. */
export const HS256_KEY_BITS = 256;
/**
 * A bearer token checked by the server can only be guessed online, one request at a time:
 * 128 bits is beyond any number of requests.
 */
export const BEARER_TOKEN_BITS = 128;

export const GENERATE_SECRET_HINT =
  "generate one with `node -e \"console.log(require('crypto').randomBytes(48).toString('base64url'))\"` or `openssl rand -base64 48`";

/**
 * Fragments found in sample configurations and tutorials. A secret containing one was copied
 * from somewhere public, whatever its length or apparent randomness.
 */
const PLACEHOLDER_PATTERNS: readonly RegExp[] = [
  /change[-_ ]?me/i,
  /changeit/i,
  /your[-_ ]?(jwt[-_ ]?)?secret/i,
  /placeholder/i,
  /replace[-_ ]?(me|this)/i,
];

/**
 * Shorter patterns turn up by chance in random text (a 64-character hex key holds a repeated
 * 3-character run about half the time); from 4 characters on they are rare enough that a key
 * from a CSPRNG is not marked down for them.
 */
const MIN_PATTERN_LENGTH = 4;
const MAX_WORD_LENGTH = 24;

/**
 * Word -> rank (1 = most common), from the lists zxcvbn-ts ships for the password policy:
 * leaked passwords by frequency, then diceware words. Built on first use (config is validated
 * once, in production only).
 */
let wordRanks: Map<string, number> | undefined;
function ranks(): Map<string, number> {
  if (wordRanks) return wordRanks;
  wordRanks = new Map();
  for (const list of [dictionary['passwords-common'], dictionary['diceware-common']]) {
    for (const word of list) {
      const lower = word.toLowerCase();
      if (lower.length >= MIN_PATTERN_LENGTH && !wordRanks.has(lower)) {
        wordRanks.set(lower, wordRanks.size + 1);
      }
    }
  }
  return wordRanks;
}

/** Bits per character of a random string over the alphabet the secret appears to use. */
function bitsPerCharacter(secret: string): number {
  if (/^[0-9a-f]+$/.test(secret) || /^[0-9A-F]+$/.test(secret)) return 4;
  let size = 0;
  if (/[a-z]/.test(secret)) size += 26;
  if (/[A-Z]/.test(secret)) size += 26;
  if (/[0-9]/.test(secret)) size += 10;
  if (/[^a-zA-Z0-9]/.test(secret)) {
    // base64 and base64url add two symbols (and padding); anything else is printable ASCII.
    size += /^[a-zA-Z0-9+/=_-]+$/.test(secret) ? 2 : 33;
  }
  return Math.log2(Math.max(size, 2));
}

type Pattern = 'dictionary word' | 'repetition' | 'sequence';

export interface SecretEstimate {
  bits: number;
  /** The patterns the cheapest description of the secret used, for the message. */
  patterns: Set<Pattern>;
}

/**
 * Estimated entropy in bits: the length of the cheapest description of the secret, where each
 * character costs what a random character of its alphabet would, unless it is part of a
 * dictionary word (costs its frequency rank), a repetition of something earlier (costs where
 * and how long) or a sequence like `abcd` / `4321` (costs its start and length). This is
 * zxcvbn's idea of a minimum-description-length split, with its dictionaries, but with the
 * brute-force cost of the secret's own alphabet: zxcvbn assumes human passwords and would
 * under-rate a base64 key.
 */
export function estimateSecretBits(secret: string): SecretEstimate {
  const chars = [...secret];
  const lower = chars.map((char) => char.toLowerCase());
  const perChar = bitsPerCharacter(secret);
  const words = ranks();
  const n = chars.length;
  const cost = new Array<number>(n + 1).fill(Number.POSITIVE_INFINITY);
  const via = new Array<Pattern | undefined>(n + 1);
  const from = new Array<number>(n + 1).fill(0);
  cost[0] = 0;
  const offer = (end: number, start: number, bits: number, pattern?: Pattern) => {
    if (cost[start] + bits < cost[end]) {
      cost[end] = cost[start] + bits;
      from[end] = start;
      via[end] = pattern;
    }
  };
  for (let end = 1; end <= n; end++) {
    offer(end, end - 1, perChar);
    for (let length = MIN_PATTERN_LENGTH; length <= Math.min(end, MAX_WORD_LENGTH); length++) {
      const start = end - length;
      const slice = lower.slice(start, end).join('');
      const rank = words.get(slice);
      if (rank !== undefined) {
        const capitalised = chars.slice(start, end).join('') !== slice ? 1 : 0;
        offer(end, start, Math.log2(rank) + 1 + capitalised, 'dictionary word');
      }
      if (
        start >= length &&
        chars.slice(0, start).join('').includes(chars.slice(start, end).join(''))
      ) {
        offer(end, start, Math.log2(start) + Math.log2(length), 'repetition');
      }
    }
    // Runs of characters whose code points step by +1 or -1.
    for (const step of [1, -1]) {
      let start = end - 1;
      while (start > 0 && lower[start].codePointAt(0)! - lower[start - 1].codePointAt(0)! === step)
        start--;
      for (let s = start; end - s >= MIN_PATTERN_LENGTH; s++) {
        offer(end, s, perChar + Math.log2(end - s) + 1, 'sequence');
      }
    }
  }
  const patterns = new Set<Pattern>();
  for (let end = n; end > 0; end = from[end]) {
    const pattern = via[end];
    if (pattern) patterns.add(pattern);
  }
  return { bits: cost[n], patterns };
}

/**
 * Random text holds short words and repeats by chance: about one `openssl rand -hex 32` key in
 * seven has a 4-letter word such as `dead` or `cafe` that the estimate prices below its random
 * cost. A key long enough by brute force may therefore fall short of the bound by an eighth
 * (32 bits for HS256); a key built from words or patterns falls short by far more.
 */
function chanceAllowance(use: SecretUse): number {
  return use.minBits / 8;
}

/** Why a secret is unfit for its use, or undefined when it is strong enough. */
export function secretWeakness(secret: string, use: SecretUse): string | undefined {
  if (PLACEHOLDER_PATTERNS.some((pattern) => pattern.test(secret))) {
    return `${use.name} is a placeholder value; ${GENERATE_SECRET_HINT}`;
  }
  const { bits, patterns } = estimateSecretBits(secret);
  const bruteForceBits = [...secret].length * bitsPerCharacter(secret);
  if (bruteForceBits >= use.minBits && bits >= use.minBits - chanceAllowance(use)) return undefined;
  const found = patterns.size > 0 ? ` (it contains a ${[...patterns].join(', a ')})` : '';
  return (
    `${use.name} is too weak: about ${Math.floor(bits)} bits of entropy${found}, ` +
    `below the ${use.minBits} ${use.purpose}; ${GENERATE_SECRET_HINT}`
  );
}
