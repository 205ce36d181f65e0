import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AppException } from 'src/platform/errors/app.exception';
import { createValidationPipe } from 'src/platform/errors/validation.pipe';
import { FitsCurrency, IsCurrencyCode, IsDecimalAmount } from 'src/platform/money/money.validators';

class ExpenseAmountDto {
  @IsDecimalAmount({ positive: true, maxIntegerDigits: 12 })
  @FitsCurrency('currency')
  amount!: string;

  @IsCurrencyCode()
  currency!: string;
}

class AdjustmentDto {
  @IsDecimalAmount({ maxIntegerDigits: 6, maxFractionDigits: 4 })
  delta!: string;
}

class BudgetDto {
  @IsDecimalAmount({ nonNegative: true, maxIntegerDigits: 12 })
  @FitsCurrency('currency')
  limit!: string;

  @IsCurrencyCode()
  currency!: string;
}

async function problems(type: new () => object, body: object): Promise<Record<string, string[]>> {
  const errors = await validate(plainToInstance(type, body));
  return Object.fromEntries(
    errors.map((error) => [error.property, Object.values(error.constraints ?? {})]),
  );
}

describe('money validators', () => {
  it.each([
    ['12.50', 'EUR'],
    ['12.5', 'EUR'],
    ['12', 'EUR'],
    ['1', 'JPY'],
    ['1500', 'JPY'],
    ['0.001', 'KWD'],
    ['0.0001', 'CLF'],
    ['999999999999.99', 'USD'],
  ])('accepts %j %s', async (amount, currency) => {
    expect(await problems(ExpenseAmountDto, { amount, currency })).toEqual({});
  });

  it.each([
    ['12.345', 'EUR', 'amount may have at most 2 decimal places in EUR'],
    ['1.5', 'JPY', 'amount must be a whole number in JPY, which has no minor unit'],
    ['1.0', 'JPY', 'amount must be a whole number in JPY, which has no minor unit'],
    ['0.0001', 'KWD', 'amount may have at most 3 decimal places in KWD'],
    ['-0', 'EUR', 'amount must not be negative zero'],
    ['-0.00', 'EUR', 'amount must not be negative zero'],
    ['0', 'EUR', 'amount must be greater than zero'],
    ['0.00', 'EUR', 'amount must be greater than zero'],
    ['-5.00', 'EUR', 'amount must be greater than zero'],
    ['1234567890123', 'EUR', 'amount may have at most 12 digits before the decimal point'],
  ])('refuses %j %s: %s', async (amount, currency, message) => {
    expect(await problems(ExpenseAmountDto, { amount, currency })).toEqual({ amount: [message] });
  });

  const MALFORMED =
    'amount must be a decimal string such as "12.50": digits with an optional leading "-" and "." ' +
    'decimal point, without spaces, "+", exponents, thousands separators or leading zeros';

  it.each(['1e3', ' 12', '12 ', '12.', '.5', '+5', '1,234.56', '1.234,56', '012', 'twelve', ''])(
    'refuses the malformed amount %j with one message saying how to write it',
    async (amount) => {
      expect(await problems(ExpenseAmountDto, { amount, currency: 'EUR' })).toEqual({
        amount: [MALFORMED],
      });
    },
  );

  it('refuses a JSON number and says why', async () => {
    expect(await problems(ExpenseAmountDto, { amount: 12.5, currency: 'EUR' })).toEqual({
      amount: [
        'amount must be a decimal string such as "12.50", not a JSON number (numbers lose cents)',
      ],
    });
  });

  it.each([
    ['XYZ', 'currency must be an active ISO 4217 currency code such as EUR, USD or JPY'],
    ['HRK', 'currency must be an active ISO 4217 currency code such as EUR, USD or JPY'],
    ['XAU', 'currency must be an active ISO 4217 currency code such as EUR, USD or JPY'],
    ['eur', 'currency must be written as the upper-case code EUR'],
    [' EUR', 'currency must be written as the upper-case code EUR'],
    [978, 'currency must be an active ISO 4217 currency code such as EUR, USD or JPY'],
  ])('refuses the currency %j', async (currency, message) => {
    // The amount's decimals cannot be judged against an unknown currency: one message only.
    expect(await problems(ExpenseAmountDto, { amount: '12.345', currency })).toEqual({
      currency: [message],
    });
  });

  it('allows zero but not negatives when asked for non-negative', async () => {
    expect(await problems(BudgetDto, { limit: '0', currency: 'EUR' })).toEqual({});
    expect(await problems(BudgetDto, { limit: '-1', currency: 'EUR' })).toEqual({
      limit: ['limit must not be negative'],
    });
  });

  it('allows any sign and bounds the decimals without a currency', async () => {
    expect(await problems(AdjustmentDto, { delta: '-12.3456' })).toEqual({});
    expect(await problems(AdjustmentDto, { delta: '1234567' })).toEqual({
      delta: ['delta may have at most 6 digits before the decimal point'],
    });
    expect(await problems(AdjustmentDto, { delta: '1.23456' })).toEqual({
      delta: ['delta may have at most 4 decimal places'],
    });
  });

  it('reaches clients as VALIDATION_FAILED with one entry per field', async () => {
    const pipe = createValidationPipe();
    const attempt = pipe.transform(
      { amount: '1.5', currency: 'JPY', note: 'x' },
      { type: 'body', metatype: ExpenseAmountDto },
    );
    await expect(attempt).rejects.toBeInstanceOf(AppException);
    const error = (await attempt.catch((caught: unknown) => caught)) as AppException;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.options.errors).toEqual(
      expect.arrayContaining([
        {
          field: 'amount',
          messages: ['amount must be a whole number in JPY, which has no minor unit'],
        },
        { field: 'note', messages: ['property note should not exist'] },
      ]),
    );
  });
});
