import { AppException } from 'src/platform/errors/app.exception';
import { minorUnitOf } from 'src/platform/money/currency-catalogue';
import {
  decimalShape,
  DecimalInput,
  DecimalString,
  InvalidDecimalError,
  multiplyDecimals,
  roundDecimal,
  RoundingMode,
} from 'src/platform/money/decimal';

export class AmountPrecisionError extends AppException {
  constructor(amount: string, currency: string, minorUnit: number) {
    super(
      'VALIDATION_FAILED',
      `${amount} has more decimal places than ${currency} allows (${minorUnit})`,
    );
    this.name = 'AmountPrecisionError';
  }
}

/** True when the amount is written with no more decimals than the currency's minor unit. */
export function fitsMinorUnit(amount: string, currency: string): boolean {
  const shape = decimalShape(amount);
  if (!shape) throw new InvalidDecimalError(amount);
  return shape.fractionDigits <= minorUnitOf(currency);
}

/**
 * The canonical spelling of an amount the client sent: padded to the currency's minor unit
 * (`"12.5"` EUR → `"12.50"`, `"7"` JPY → `"7"`). Never rounds: too many decimals is an error,
 * because silently dropping a cent the user typed changes their data.
 */
export function normaliseAmount(amount: string, currency: string): DecimalString {
  const minorUnit = minorUnitOf(currency);
  if (!fitsMinorUnit(amount, currency)) throw new AmountPrecisionError(amount, currency, minorUnit);
  return roundDecimal(amount, minorUnit, 'half-even');
}

/** A computed value (a product, a share, an average) rounded to the currency's minor unit. */
export function roundToMinorUnit(
  value: DecimalInput,
  currency: string,
  rounding: RoundingMode,
): DecimalString {
  return roundDecimal(value, minorUnitOf(currency), rounding);
}

/**
 * `amount × rate` in the target currency's minor unit.
 *
 * Half-even, because conversions round many amounts and ties are common (10.00 EUR at a JPY
 * rate of 186.75 is exactly 1867.5 yen): half-up would push every tie the same way and totals
 * of converted amounts would drift upwards; half-even sends ties up and down equally, so the
 * sum of rounded conversions stays as close as possible to the conversion of the sum.
 */
export function convertAmount(
  amount: DecimalInput,
  rate: DecimalInput,
  targetCurrency: string,
): DecimalString {
  return multiplyDecimals(amount, rate, minorUnitOf(targetCurrency), 'half-even');
}
