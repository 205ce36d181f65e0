import DecimalJs from 'decimal.js';
import { AppException } from 'src/platform/errors/app.exception';

/**
 * Ledgerline's one decimal type. 50 significant digits keep every addition and subtraction
 * exact for the values we accept (at most 18 integer and 18 fractional digits, so sums of
 * millions of them stay far below the limit) and keep amount × rate exact before its explicit
 * rounding. The exponent limits make toString() never fall back to exponential notation.
 */
export const Decimal = DecimalJs.clone({
  precision: 50,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});
export type Decimal = DecimalJs;

/** A decimal string as the API and PostgreSQL write it: `-12.50`, `0`, `1234.5`. */
export type DecimalString = string;
export type DecimalInput = DecimalString | Decimal;

/**
 * The only accepted spelling: optional minus, no leading zeros, optional fraction with at least
 * one digit. No plus sign, exponent, spaces, thousands separators or bare dots.
 */
const DECIMAL_PATTERN = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

export type RoundingMode = 'half-even' | 'half-up' | 'down' | 'up' | 'floor' | 'ceiling';

const ROUNDING: Record<RoundingMode, DecimalJs.Rounding> = {
  'half-even': DecimalJs.ROUND_HALF_EVEN,
  'half-up': DecimalJs.ROUND_HALF_UP,
  down: DecimalJs.ROUND_DOWN,
  up: DecimalJs.ROUND_UP,
  floor: DecimalJs.ROUND_FLOOR,
  ceiling: DecimalJs.ROUND_CEIL,
};

export class InvalidDecimalError extends AppException {
  constructor(readonly input: unknown) {
    super('VALIDATION_FAILED', `${describe(input)} is not a decimal string such as "12.50"`);
    this.name = 'InvalidDecimalError';
  }
}

export interface DecimalShape {
  negative: boolean;
  integerDigits: number;
  fractionDigits: number;
  isZero: boolean;
}

/** How a decimal string is written, or undefined when it is not one (negative zero included). */
export function decimalShape(input: unknown): DecimalShape | undefined {
  if (typeof input !== 'string' || !DECIMAL_PATTERN.test(input)) return undefined;
  const negative = input.startsWith('-');
  const [integer, fraction = ''] = (negative ? input.slice(1) : input).split('.');
  const isZero = /^0$/.test(integer) && /^0*$/.test(fraction);
  if (negative && isZero) return undefined;
  return { negative, integerDigits: integer.length, fractionDigits: fraction.length, isZero };
}

export function isDecimalString(input: unknown): input is DecimalString {
  return decimalShape(input) !== undefined;
}

/** A Decimal from a strictly written decimal string; anything else is refused, never guessed. */
export function parseDecimal(input: DecimalInput): Decimal {
  if (input instanceof DecimalJs) return new Decimal(input);
  if (!isDecimalString(input)) throw new InvalidDecimalError(input);
  return new Decimal(input);
}

/** Plain notation, every significant digit, no trailing fractional zeros (`12.5`, `-0.001`). */
export function formatDecimal(value: DecimalInput): DecimalString {
  return parseDecimal(value).toFixed();
}

/** Exactly `decimalPlaces` fractional digits, rounded as asked. */
export function roundDecimal(
  value: DecimalInput,
  decimalPlaces: number,
  rounding: RoundingMode,
): DecimalString {
  const rounded = parseDecimal(value).toDecimalPlaces(decimalPlaces, ROUNDING[rounding]);
  // A negative value that rounds to zero is zero: "-0.00" means nothing to anyone.
  return (rounded.isZero() ? rounded.abs() : rounded).toFixed(decimalPlaces);
}

/** At most `digits` significant digits, rounded as asked, in plain notation. */
export function roundSignificant(
  value: DecimalInput,
  digits: number,
  rounding: RoundingMode,
): DecimalString {
  return parseDecimal(value).toSignificantDigits(digits, ROUNDING[rounding]).toFixed();
}

export function addDecimals(a: DecimalInput, b: DecimalInput): DecimalString {
  return parseDecimal(a).plus(parseDecimal(b)).toFixed();
}

export function subtractDecimals(a: DecimalInput, b: DecimalInput): DecimalString {
  return parseDecimal(a).minus(parseDecimal(b)).toFixed();
}

/** `a × b`, exact, then rounded to `decimalPlaces`: a product is never returned unrounded. */
export function multiplyDecimals(
  a: DecimalInput,
  b: DecimalInput,
  decimalPlaces: number,
  rounding: RoundingMode,
): DecimalString {
  return roundDecimal(parseDecimal(a).times(parseDecimal(b)), decimalPlaces, rounding);
}

/** `a ÷ b` to `significantDigits`, rounded as asked; division is the one inexact operation. */
export function divideDecimals(
  a: DecimalInput,
  b: DecimalInput,
  significantDigits: number,
  rounding: RoundingMode,
): DecimalString {
  const divisor = parseDecimal(b);
  if (divisor.isZero()) throw new RangeError('Division by zero');
  return roundSignificant(parseDecimal(a).dividedBy(divisor), significantDigits, rounding);
}

export function compareDecimals(a: DecimalInput, b: DecimalInput): -1 | 0 | 1 {
  return parseDecimal(a).comparedTo(parseDecimal(b)) as -1 | 0 | 1;
}

/** The exact sum of any number of values (0 for none). */
export function sumDecimals(values: Iterable<DecimalInput>): DecimalString {
  let total = new Decimal(0);
  for (const value of values) total = total.plus(parseDecimal(value));
  return total.toFixed();
}

function describe(input: unknown): string {
  if (typeof input === 'string')
    return JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input);
  return typeof input;
}
