import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { findCurrency, isCurrencyCode } from 'src/platform/money/currency-catalogue';
import { compareDecimals, decimalShape, isDecimalString } from 'src/platform/money/decimal';

export interface DecimalAmountOptions {
  /** Refuse zero and negative amounts. */
  positive?: boolean;
  /** Refuse negative amounts (zero is allowed). */
  nonNegative?: boolean;
  /** Digits before the decimal point; keep it within the column's numeric precision. */
  maxIntegerDigits: number;
  /** Digits after the point when no currency decides it (18 by default, for crypto quantities). */
  maxFractionDigits?: number;
}

const DEFAULT_MAX_FRACTION_DIGITS = 18;
const EXAMPLE = 'such as "12.50"';

/** What is wrong with a decimal amount, in words a client can act on; undefined when nothing. */
export function decimalAmountProblem(
  value: unknown,
  property: string,
  options: DecimalAmountOptions,
): string | undefined {
  if (typeof value === 'number') {
    return `${property} must be a decimal string ${EXAMPLE}, not a JSON number (numbers lose cents)`;
  }
  if (typeof value !== 'string') return `${property} must be a decimal string ${EXAMPLE}`;
  if (/^-0+(\.0+)?$/.test(value)) return `${property} must not be negative zero`;
  const shape = decimalShape(value);
  if (!shape) {
    return (
      `${property} must be a decimal string ${EXAMPLE}: digits with an optional leading "-" ` +
      'and "." decimal point, without spaces, "+", exponents, thousands separators or leading zeros'
    );
  }
  if (options.positive && (shape.negative || shape.isZero)) {
    return `${property} must be greater than zero`;
  }
  if (options.nonNegative && shape.negative) return `${property} must not be negative`;
  if (shape.integerDigits > options.maxIntegerDigits) {
    return `${property} may have at most ${options.maxIntegerDigits} digits before the decimal point`;
  }
  const maxFraction = options.maxFractionDigits ?? DEFAULT_MAX_FRACTION_DIGITS;
  if (shape.fractionDigits > maxFraction) {
    return `${property} may have at most ${maxFraction} decimal places`;
  }
  return undefined;
}

/**
 * A monetary amount sent as a decimal string (`"12.50"`, `"-3"`), never a JSON number. Pair it
 * with `@FitsCurrency('currency')` so the decimals also match the currency.
 */
export function IsDecimalAmount(
  options: DecimalAmountOptions,
  validationOptions?: ValidationOptions,
): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isDecimalAmount',
      target: target.constructor,
      propertyName: String(propertyName),
      options: validationOptions,
      constraints: [options],
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          decimalAmountProblem(value, args.property, options) === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          decimalAmountProblem(args?.value, args?.property ?? 'amount', options) ??
          'amount is invalid',
      },
    });
  };
}

/** An active ISO 4217 code in upper case, such as `EUR`. */
export function IsCurrencyCode(validationOptions?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isCurrencyCode',
      target: target.constructor,
      propertyName: String(propertyName),
      options: validationOptions,
      validator: {
        validate: (value: unknown) => isCurrencyCode(value),
        defaultMessage: (args?: ValidationArguments) => {
          const property = args?.property ?? 'currency';
          const value: unknown = args?.value;
          if (typeof value === 'string' && isCurrencyCode(value.trim().toUpperCase())) {
            return `${property} must be written as the upper-case code ${value.trim().toUpperCase()}`;
          }
          return `${property} must be an active ISO 4217 currency code such as EUR, USD or JPY`;
        },
      },
    });
  };
}

/**
 * On an amount: it has no more decimals than the minor unit of the currency held in
 * `currencyProperty` (`"12.345"` EUR and `"1.5"` JPY are refused). Silent when the amount or the
 * currency is itself invalid, since their own validators already say so.
 */
export function FitsCurrency(
  currencyProperty: string,
  validationOptions?: ValidationOptions,
): PropertyDecorator {
  const problem = (args: ValidationArguments): string | undefined => {
    const code: unknown = (args.object as Record<string, unknown>)[currencyProperty];
    const currency = typeof code === 'string' ? findCurrency(code) : undefined;
    const shape = decimalShape(args.value);
    if (!currency || !shape || shape.fractionDigits <= currency.minorUnit) return undefined;
    return currency.minorUnit === 0
      ? `${args.property} must be a whole number in ${currency.code}, which has no minor unit`
      : `${args.property} may have at most ${currency.minorUnit} decimal places in ${currency.code}`;
  };
  return (target, propertyName) => {
    registerDecorator({
      name: 'fitsCurrency',
      target: target.constructor,
      propertyName: String(propertyName),
      options: validationOptions,
      constraints: [currencyProperty],
      validator: {
        validate: (_value: unknown, args: ValidationArguments) => problem(args) === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          (args && problem(args)) ?? 'amount does not fit its currency',
      },
    });
  };
}

/**
 * The upper end of an amount range is not below its lower end (`property` names the lower
 * end). Silent when either is missing or malformed: their own validators say so.
 */
export function IsNotLessThanAmount(
  property: string,
  validationOptions?: ValidationOptions,
): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isNotLessThanAmount',
      target: target.constructor,
      propertyName: String(propertyName),
      options: validationOptions,
      constraints: [property],
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const lower: unknown = (args.object as Record<string, unknown>)[property];
          if (!isDecimalString(value) || !isDecimalString(lower)) return true;
          return compareDecimals(value, lower) >= 0;
        },
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} must not be less than ${property}`,
      },
    });
  };
}
