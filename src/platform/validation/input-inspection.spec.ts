import { AppException } from 'src/platform/errors/app.exception';
import { refuseInput } from 'src/platform/validation/input-inspection';

const LIMITS = { depth: 3, arrayItems: 2, objectMembers: 2 };

function nested(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < levels; level++) value = [value];
  return value;
}

describe('refuseInput', () => {
  it.each([
    ['depth at the limit', nested(3)],
    ['arrays and objects at their sizes', { a: [1, 2], b: { c: 'd' } }],
    ['scalars', { n: 1.5, t: [true, null] }],
    ['a surrogate pair (an astral character)', { name: 'fox 🦊' }],
  ])('lets %s through', (_label, value) => {
    expect(refuseInput(value, 'body', LIMITS)).toBeUndefined();
  });

  it.each([
    ['one level too deep', nested(4), 'nested more than 3 levels'],
    ['an array of three', { a: [1, 2, 3] }, 'more than 2 items'],
    ['an object of three', { a: 1, b: 2, c: 3 }, 'more than 2 members'],
  ])('refuses %s as BODY_TOO_COMPLEX', (_label, value, detail) => {
    const refusal = refuseInput(value, 'body', LIMITS);
    expect(refusal).toBeInstanceOf(AppException);
    expect(refusal?.code).toBe('BODY_TOO_COMPLEX');
    expect(refusal?.detail).toContain(detail);
  });

  it('stops at the depth limit however deep the value is (no stack overflow)', () => {
    expect(refuseInput(nested(100_000), 'body')?.code).toBe('BODY_TOO_COMPLEX');
  });

  it.each([
    [{ payee: 'a\u0000b' }, 'payee', 'NUL'],
    [{ amount: { currency: 'E\ud800' } }, 'amount.currency', 'lone UTF-16 surrogate'],
    [{ tags: ['ok', '\udc00'] }, 'tags.1', 'lone UTF-16 surrogate'],
    [{ 'k\u0000': 1 }, 'k\u0000', 'NUL'],
    ['\u0000', 'q', 'NUL'],
  ])('names the field of a bad string: %j', (value, field, message) => {
    const refusal = refuseInput(value, 'q', LIMITS);
    expect(refusal?.code).toBe('VALIDATION_FAILED');
    expect(refusal?.options.errors).toEqual([
      { field, messages: [expect.stringContaining(message) as string] },
    ]);
  });
});
