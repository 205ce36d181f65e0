import { AppException } from 'src/platform/errors/app.exception';
import {
  canonicalJson,
  parseIdempotencyKey,
  requestFingerprint,
} from 'src/platform/idempotency/idempotent-request';

describe('idempotent requests', () => {
  it.each([
    [
      { b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } },
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
    ],
    [{ a: undefined, b: 'x' }, '{"b":"x"}'],
    [undefined, 'null'],
    ['text', '"text"'],
    [[3, 'a'], '[3,"a"]'],
  ])('writes %j canonically', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('fingerprints the same request the same way whatever its key order', () => {
    const a = requestFingerprint('post', '/api/v1/expenses', { x: 1, y: { b: 2, a: 1 } });
    const b = requestFingerprint('POST', '/api/v1/expenses', { y: { a: 1, b: 2 }, x: 1 });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['another body', 'POST', '/api/v1/expenses', { x: 2 }],
    ['another route', 'POST', '/api/v1/expense-categories', { x: 1 }],
    ['another method', 'PUT', '/api/v1/expenses', { x: 1 }],
    ['a number where a string was', 'POST', '/api/v1/expenses', { x: '1' }],
  ])('tells %s apart', (_name, method, route, body) => {
    expect(requestFingerprint(method, route, body)).not.toBe(
      requestFingerprint('POST', '/api/v1/expenses', { x: 1 }),
    );
  });

  it.each([
    ['a UUID', '3f1c2a9e-7d5b-4c1e-9a8f-0b6d4e2c1a7f'],
    ['one character', 'k'],
    ['255 characters', 'k'.repeat(255)],
    ['punctuation', 'order#42/retry:1'],
  ])('accepts %s as a key', (_name, key) => {
    expect(parseIdempotencyKey(key)).toBe(key);
  });

  it('has no key without the header', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['256 characters', 'k'.repeat(256)],
    ['a space', 'a b'],
    ['a tab', 'a\tb'],
    ['non-ASCII', 'schlüssel'],
    ['sent twice', ['a', 'b']],
  ])('refuses a key that is %s', (_name, key) => {
    expect(() => parseIdempotencyKey(key)).toThrow(AppException);
  });
});
