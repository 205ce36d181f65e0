import {
  addDecimals,
  compareDecimals,
  divideDecimals,
  formatDecimal,
  InvalidDecimalError,
  isDecimalString,
  multiplyDecimals,
  parseDecimal,
  roundDecimal,
  RoundingMode,
  roundSignificant,
  subtractDecimals,
  sumDecimals,
} from 'src/platform/money/decimal';

/** mulberry32: a tiny seeded PRNG, so a failure reproduces with the same numbers. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** An integer count of minor units written as a decimal string, e.g. -1234n, 2 → "-12.34". */
function minorUnitsToString(units: bigint, decimals: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(decimals + 1, '0');
  const text = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return negative ? `-${text}` : text;
}

describe('decimal', () => {
  describe('parsing', () => {
    it.each([
      '0',
      '12',
      '12.5',
      '12.50',
      '-3',
      '-0.01',
      '0.000000000000000001',
      '123456789012345678.12',
    ])('accepts %j', (text) => {
      expect(isDecimalString(text)).toBe(true);
      expect(parseDecimal(text).toFixed()).toBe(formatDecimal(text));
    });

    it.each([
      '',
      ' 12',
      '12 ',
      '12.',
      '.5',
      '+1',
      '1e3',
      '1E-2',
      '0x10',
      '1,234.56',
      '1_000',
      '012',
      '-0',
      '-0.00',
      'NaN',
      'Infinity',
      '--1',
      '١٢',
    ])('refuses %j', (text) => {
      expect(isDecimalString(text)).toBe(false);
      expect(() => parseDecimal(text)).toThrow(InvalidDecimalError);
    });

    it.each([12.5, null, undefined, {}, 10n])('refuses the non-string %p', (value) => {
      expect(isDecimalString(value)).toBe(false);
    });

    it('names the bad input in a client-safe VALIDATION_FAILED error', () => {
      expect(() => parseDecimal('1e3')).toThrow(
        expect.objectContaining({
          code: 'VALIDATION_FAILED',
          detail: '"1e3" is not a decimal string such as "12.50"',
        }) as Error,
      );
    });
  });

  describe('formatting', () => {
    it.each([
      ['12.50', '12.5'],
      ['0.000000000000000001', '0.000000000000000001'],
      ['100000000000000000000000', '100000000000000000000000'],
      ['-7.000', '-7'],
    ])('writes %s as %s, never in exponent notation', (input, expected) => {
      expect(formatDecimal(input)).toBe(expected);
    });
  });

  describe('rounding', () => {
    it.each<[string, number, RoundingMode, string]>([
      ['1.005', 2, 'half-even', '1.00'],
      ['1.015', 2, 'half-even', '1.02'],
      ['1.025', 2, 'half-even', '1.02'],
      ['1.0251', 2, 'half-even', '1.03'],
      ['-1.025', 2, 'half-even', '-1.02'],
      ['-1.035', 2, 'half-even', '-1.04'],
      ['1867.5', 0, 'half-even', '1868'],
      ['1868.5', 0, 'half-even', '1868'],
      ['0.5', 0, 'half-even', '0'],
      ['1.005', 2, 'half-up', '1.01'],
      ['-1.005', 2, 'half-up', '-1.01'],
      ['1.009', 2, 'down', '1.00'],
      ['-1.009', 2, 'down', '-1.00'],
      ['1.001', 2, 'up', '1.01'],
      ['-1.001', 2, 'floor', '-1.01'],
      ['-1.009', 2, 'ceiling', '-1.00'],
      ['-0.004', 2, 'half-even', '0.00'],
      ['12', 2, 'half-even', '12.00'],
      ['12.3456', 3, 'half-even', '12.346'],
    ])('%s to %i places %s is %s', (value, places, mode, expected) => {
      expect(roundDecimal(value, places, mode)).toBe(expected);
    });

    it.each<[string, number, string]>([
      ['0.008590149054', 6, '0.00859015'],
      ['1.16844999', 5, '1.1684'],
      ['1.16845', 5, '1.1684'],
      ['1.16855', 5, '1.1686'],
      ['20082.05', 3, '20100'],
    ])('%s to %i significant digits (half-even) is %s', (value, digits, expected) => {
      expect(roundSignificant(value, digits, 'half-even')).toBe(expected);
    });
  });

  describe('arithmetic', () => {
    it.each([
      ['0.1', '0.2', '0.3', '-0.1'],
      ['1234567890123456.78', '0.01', '1234567890123456.79', '1234567890123456.77'],
      ['-5.00', '5', '0', '-10'],
      ['0.000000000000000001', '1', '1.000000000000000001', '-0.999999999999999999'],
    ])('%s + %s = %s and %s − %s = the last', (a, b, sum, difference) => {
      expect(addDecimals(a, b)).toBe(sum);
      expect(subtractDecimals(a, b)).toBe(difference);
    });

    it.each<[string, string, number, RoundingMode, string]>([
      ['10.00', '186.75', 0, 'half-even', '1868'],
      ['12.34', '1.1684', 2, 'half-even', '14.42'],
      ['0.01', '0.5', 2, 'half-even', '0.00'],
      ['0.03', '0.5', 2, 'half-even', '0.02'],
      ['0.03', '0.5', 2, 'half-up', '0.02'],
      ['99999999999.99', '20082.05', 2, 'half-even', '2008204999999799.18'],
    ])('%s × %s to %i places (%s) is %s', (a, b, places, mode, expected) => {
      expect(multiplyDecimals(a, b, places, mode)).toBe(expected);
    });

    it('divides to a fixed number of significant digits and refuses zero', () => {
      expect(divideDecimals('1.1684', '0.87058', 12, 'half-even')).toBe('1.34209377656');
      expect(divideDecimals('1', '3', 12, 'half-even')).toBe('0.333333333333');
      expect(() => divideDecimals('1', '0', 12, 'half-even')).toThrow(RangeError);
    });

    it.each([
      ['1.10', '1.1', 0],
      ['-2', '1', -1],
      ['0.000000000000000002', '0.000000000000000001', 1],
      ['99999999999999999.99', '100000000000000000', -1],
    ])('compares %s with %s as %i', (a, b, expected) => {
      expect(compareDecimals(a, b)).toBe(expected);
    });

    it('sums nothing to 0 and never uses binary floating point', () => {
      expect(sumDecimals([])).toBe('0');
      expect(sumDecimals(Array.from({ length: 10 }, () => '0.1'))).toBe('1');
    });

    it.each([
      [2, 20_260_413],
      [0, 7],
      [3, 1999],
      [18, 42],
    ])('the sum of 10,000 random amounts with %i decimals (seed %i) is exact', (decimals, seed) => {
      const random = seededRandom(seed);
      let expected = 0n;
      const amounts: string[] = [];
      for (let i = 0; i < 10_000; i++) {
        // Up to 15 integer digits and either sign: far beyond what a float holds exactly.
        const magnitude =
          BigInt(Math.floor(random() * 1e15)) * 10n ** BigInt(decimals) +
          BigInt(Math.floor(random() * 10 ** Math.min(decimals, 15)));
        const units = random() < 0.3 ? -magnitude : magnitude;
        expected += units;
        amounts.push(minorUnitsToString(units, decimals));
      }
      // Exact means equal to the last digit: no rounding between the sum and the check.
      expect(sumDecimals(amounts)).toBe(formatDecimal(minorUnitsToString(expected, decimals)));
    });
  });
});
