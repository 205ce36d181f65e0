import { UnknownCurrencyError } from 'src/platform/money/currency-catalogue';
import { InvalidDecimalError } from 'src/platform/money/decimal';
import {
  AmountPrecisionError,
  convertAmount,
  fitsMinorUnit,
  normaliseAmount,
  roundToMinorUnit,
} from 'src/platform/money/money';

describe('money', () => {
  it.each([
    ['12.5', 'EUR', '12.50'],
    ['12', 'EUR', '12.00'],
    ['12.34', 'EUR', '12.34'],
    ['1', 'JPY', '1'],
    ['1.5', 'KWD', '1.500'],
    ['-0.1', 'BHD', '-0.100'],
    ['0.0001', 'CLF', '0.0001'],
  ])('normalises %s %s to %s', (amount, currency, expected) => {
    expect(fitsMinorUnit(amount, currency)).toBe(true);
    expect(normaliseAmount(amount, currency)).toBe(expected);
  });

  it.each([
    ['12.345', 'EUR'],
    ['1.5', 'JPY'],
    ['1.0', 'JPY'],
    ['0.0005', 'KWD'],
    ['0.00001', 'CLF'],
  ])('refuses to round %s %s silently', (amount, currency) => {
    expect(fitsMinorUnit(amount, currency)).toBe(false);
    expect(() => normaliseAmount(amount, currency)).toThrow(AmountPrecisionError);
  });

  it('refuses unknown currencies and malformed amounts', () => {
    expect(() => normaliseAmount('1', 'XXX')).toThrow(UnknownCurrencyError);
    expect(() => normaliseAmount('1e3', 'EUR')).toThrow(InvalidDecimalError);
  });

  it.each([
    ['10.00', '186.75', 'JPY', '1868'],
    ['11.00', '186.75', 'JPY', '2054'],
    ['10.00', '1.1684', 'USD', '11.68'],
    ['12.34', '0.87058', 'GBP', '10.74'],
    ['100.00', '0.301', 'KWD', '30.100'],
    ['1000', '0.0053547523', 'EUR', '5.35'],
    ['-25.50', '1.1684', 'USD', '-29.79'],
    ['0.01', '0.5', 'EUR', '0.00'],
    ['0.03', '0.5', 'EUR', '0.02'],
  ])('converts %s at %s into %s as %s (half-even)', (amount, rate, currency, expected) => {
    expect(convertAmount(amount, rate, currency)).toBe(expected);
  });

  it('rounds a computed value to the minor unit with the mode asked for', () => {
    expect(roundToMinorUnit('33.333333', 'EUR', 'half-even')).toBe('33.33');
    expect(roundToMinorUnit('2.5', 'JPY', 'half-even')).toBe('2');
    expect(roundToMinorUnit('2.5', 'JPY', 'half-up')).toBe('3');
    expect(roundToMinorUnit('2.0001', 'EUR', 'up')).toBe('2.01');
  });
});
