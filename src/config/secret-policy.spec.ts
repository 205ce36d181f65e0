import {
  BEARER_TOKEN_BITS,
  estimateSecretBits,
  HS256_KEY_BITS,
  secretWeakness,
} from 'src/config/secret-policy';

const JWT = { name: 'JWT_SECRETS entry 1', minBits: HS256_KEY_BITS, purpose: 'an HS256 key needs' };
const BEARER = {
  name: 'METRICS_TOKEN',
  minBits: BEARER_TOKEN_BITS,
  purpose: 'a bearer token needs',
};

// Fixed outputs of the generators the error message recommends (a test must not depend on
// what the CSPRNG draws).
const BASE64URL_48 = 'ZiQw9vUJ2olxHuGyASTjSsk72mjxxGBOZJHbfFkF9e1UKFv91Yb4qiXitQ5gbhUQ';
const OPENSSL_BASE64_48 = 'q3Jd0XqkQ3pN8nq3S2vV0rH1pS7w2dZc4Q9mLkT6yB1uE8fA5oR2xW7jN0hK3gYs';
const HEX_32 = 'a60f69e5478593b955a02fc9e886985d7981dfbeb46b2bb7f5d08d06362003f4';
// Estimated at about 251 bits: `dead` and `beef` are dictionary words, found by chance.
const HEX_32_WITH_WORDS = 'a60f69e5478593b9deadbeefe886985d7981dfbeb46b2bb7f5d08d06362003f4';
const BASE64URL_24 = 'Qh3kR8vN2mZ5tY1wX7cL0pB4sF9gJ6dE';

describe('secret policy', () => {
  it.each([
    ['48 random bytes, base64url', BASE64URL_48, JWT],
    ['48 random bytes, base64 (openssl rand -base64 48)', OPENSSL_BASE64_48, JWT],
    ['32 random bytes, hex, without chance patterns', HEX_32, JWT],
    ['32 random bytes, hex, with chance words in them', HEX_32_WITH_WORDS, JWT],
    ['24 random bytes as a bearer token', BASE64URL_24, BEARER],
  ])('accepts %s', (_label, secret, use) => {
    expect(secretWeakness(secret, use)).toBeUndefined();
  });

  it.each([
    ['a repeated dictionary word', 'passwordpasswordpasswordpassword12', JWT, 'dictionary word'],
    [
      'a passphrase of common words',
      'correct-horse-battery-staple-correct-horse',
      JWT,
      'repetition',
    ],
    ['the alphabet', 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ', JWT, 'sequence'],
    ['one character repeated', 'x'.repeat(80), JWT, 'repetition'],
    ['a long but patterned token', 'metrics-token-0123456789abcdef0123456789', BEARER, 'sequence'],
    // 40 random alphanumerics hold about 238 bits: long enough once, not for HS256.
    [
      '40 random alphanumerics as an HS256 key',
      'k7R2vQ9xL4mT8wZ1nB6cY3pF5hJ0sD2gA9eU4iO7',
      JWT,
      'bits',
    ],
    ['16 random bytes as an HS256 key', 'Qh3kR8vN2mZ5tY1wX7cL0p', JWT, 'bits'],
  ])('refuses %s', (_label, secret, use, named) => {
    const weakness = secretWeakness(secret, use);
    expect(weakness).toMatch(new RegExp(`^${use.name} is too weak: about \\d+ bits of entropy`));
    expect(weakness).toContain(named);
    expect(weakness).toContain(`below the ${use.minBits}`);
    expect(weakness).toContain('randomBytes(48)');
    expect(weakness).toContain('openssl rand -base64 48');
  });

  it.each([
    'change-me-change-me-change-me-change-me-please-now',
    'your-jwt-secret-Qh3kR8vN2mZ5tY1wX7cL0pB4sF9gJ6dEqq',
    'placeholder-Qh3kR8vN2mZ5tY1wX7cL0pB4sF9gJ6dE9x8w7v6u5',
  ])('calls %s a placeholder however random the rest', (secret) => {
    expect(secretWeakness(secret, JWT)).toMatch(
      /^JWT_SECRETS entry 1 is a placeholder value; generate/,
    );
  });

  it('costs a random character what its alphabet holds', () => {
    expect(estimateSecretBits(BASE64URL_48).bits).toBeCloseTo(64 * Math.log2(62), 5);
    expect(estimateSecretBits(HEX_32).bits).toBe(256);
    expect(estimateSecretBits('Ab3-').bits).toBeCloseTo(4 * 6, 5);
  });

  it('accepts every one of many random 32-byte keys, as openssl rand -hex 32 makes them', () => {
    // Deterministic stand-in for the CSPRNG: the estimate, not the draw, is under test.
    let state = 0x2545f491;
    const nextByte = () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) & 0xff;
    };
    const refused = Array.from({ length: 500 }, () =>
      Buffer.from(Array.from({ length: 32 }, nextByte)).toString('hex'),
    ).filter((key) => secretWeakness(key, JWT) !== undefined);
    expect(refused).toEqual([]);
  });

  it('never rates a secret above its brute-force cost', () => {
    const secret = 'passwordpasswordpasswordpassword12';
    const estimate = estimateSecretBits(secret);
    expect(estimate.bits).toBeLessThan(25);
    expect([...estimate.patterns]).toEqual(['dictionary word']);
  });
});
