import fc from 'fast-check';

/**
 * JSON text spliced into a body as is: values too deep for JSON.stringify to be the right way
 * to build them, or not values at all.
 */
export class RawJson {
  constructor(
    readonly label: string,
    readonly text: string,
  ) {}

  [fc.toStringMethod](): string {
    return `RawJson(${this.label}, ${this.text.length} chars)`;
  }
}

const nested = (depth: number, open: string, close: string, inner = '1') =>
  new RawJson(`${open}×${depth}`, open.repeat(depth) + inner + close.repeat(depth));

/** About 20 KB of nesting: arrays, objects, and a mix. */
export const deepNesting: fc.Arbitrary<RawJson> = fc.oneof(
  fc.integer({ min: 5_000, max: 10_000 }).map((depth) => nested(depth, '[', ']')),
  fc.integer({ min: 2_000, max: 4_000 }).map((depth) => nested(depth, '{"a":', '}')),
  fc.integer({ min: 3_000, max: 6_000 }).map((depth) => nested(depth, '[{"a":', '}]', 'null')),
  fc.integer({ min: 30, max: 200 }).map((depth) => nested(depth, '[', ']')),
);

const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff'];

/** A string with something nasty inside it: NUL, a lone surrogate, control characters, RTL. */
export const taintedString = (base: fc.Arbitrary<string> = fc.string({ maxLength: 12 })) =>
  fc
    .tuple(
      base,
      fc.constantFrom(
        '\u0000',
        ...LONE_SURROGATES,
        '\u0001\u001f',
        '\u202e',
        '\ufeff',
        '\uffff',
        '\\',
        '%00',
      ),
      fc.nat(),
    )
    .map(([text, poison, at]) => {
      const i = text.length === 0 ? 0 : at % (text.length + 1);
      return text.slice(0, i) + poison + text.slice(i);
    });

export const hugeString = fc
  .tuple(fc.constantFrom(300, 5_000, 70_000, 1_100_000), fc.constantFrom('x', 'é', '0', '😀'))
  .map(([length, unit]) => unit.repeat(length));

/** Strings that are nearly dates, ids, numbers or the like. */
export const trickyStrings = fc.constantFrom(
  '',
  ' ',
  '2026-02-30',
  '2026-13-01',
  '2026-02-29',
  '2024-02-29',
  '0000-00-00',
  '1899-12-31',
  '2101-01-01',
  '20260101',
  '2026-1-1',
  '2026-01-01T00:00:00Z',
  '2026-01-01T25:61:00Z',
  '+275760-09-13T00:00:00.001Z',
  '-000001-01-01T00:00:00Z',
  '2026-03',
  '2026-00',
  '9999-99',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
  '{6f1c7a52-8d0e-4f43-9a56-0c1b2d3e4f50}',
  "1' OR '1'='1",
  '1e309',
  '-1',
  '0',
  '-0',
  '0.000000000000000000001',
  '99999999999999999999999999999999',
  '1,5',
  'NaN',
  'Infinity',
  '0x10',
  'eur',
  'EURO',
  'XTS',
  'null',
  'true',
  '__proto__',
  '../../etc/passwd',
  '<script>alert(1)</script>',
);

/** A JSON value of another kind, or an edge of one. */
export const strangeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, 5e-324, -0),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  trickyStrings,
  taintedString(),
  fc.string({ maxLength: 20, unit: 'binary' }),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  fc.constant(JSON.parse('{"__proto__":{"isAdmin":true}}') as unknown),
  fc.constant({ constructor: { prototype: { polluted: true } } }),
  hugeString,
  hugeString.map((text) => text.slice(0, 4000).split('')),
  deepNesting,
);
