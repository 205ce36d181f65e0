import { boundDetails, MAX_DETAILS_BYTES, storableText } from 'src/modules/audit/event-details';

describe('boundDetails', () => {
  it('redacts fields named like secrets, at any depth', () => {
    expect(
      boundDetails({
        email: 'a@example.com',
        password: 'hunter2-hunter2',
        nested: { refreshToken: 'rt-1', list: [{ apiKey: 'llk_1', kept: 1 }] },
      }),
    ).toEqual({
      email: 'a@example.com',
      password: '[REDACTED]',
      nested: { refreshToken: '[REDACTED]', list: [{ apiKey: '[REDACTED]', kept: 1 }] },
    });
  });

  it('keeps only plain JSON values, as jsonb will give them back', () => {
    expect(
      boundDetails({
        at: new Date('2026-03-01T12:00:00.000Z'),
        big: 12345678901234567890n,
        infinite: Number.POSITIVE_INFINITY,
        missing: undefined,
        callback: () => 1,
        failure: new TypeError('SELECT secret FROM somewhere'),
        list: [undefined, 1],
      }),
    ).toEqual({
      at: '2026-03-01T12:00:00.000Z',
      big: '12345678901234567890',
      infinite: null,
      failure: 'TypeError',
      list: [null, 1],
    });
  });

  it('is an empty object when there are none', () => {
    expect(boundDetails(undefined)).toEqual({});
  });

  it('cuts long strings, long lists and deep nesting', () => {
    const bounded = boundDetails({
      text: 'x'.repeat(5000),
      list: Array.from({ length: 500 }, (_, index) => index),
      deep: { a: { b: { c: { d: { e: { f: 'too deep' } } } } } },
    });
    expect((bounded.text as string).length).toBe(1000);
    expect((bounded.list as number[]).length).toBe(100);
    expect(bounded.deep).toEqual({ a: { b: { c: { d: { e: '[TRUNCATED]' } } } } });
  });

  it('replaces details larger than the bound by a marker with their size', () => {
    const large = Object.fromEntries(
      Array.from({ length: 20 }, (_, index) => [`field${index}`, 'y'.repeat(900)]),
    );
    const bounded = boundDetails(large);
    expect(bounded).toEqual({ truncated: true, originalBytes: expect.any(Number) as number });
    expect(bounded.originalBytes as number).toBeGreaterThan(MAX_DETAILS_BYTES);
  });
});

describe('storableText', () => {
  it('drops NUL characters, which PostgreSQL text cannot hold', () => {
    expect(storableText('a\u0000b', 10)).toBe('ab');
  });

  it('replaces a surrogate half left by a cut, as PostgreSQL would store it', () => {
    expect(storableText('ab😀', 3)).toBe('ab\uFFFD');
    expect(storableText('😀', 2)).toBe('😀');
  });
});
