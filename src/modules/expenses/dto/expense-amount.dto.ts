import { ApiProperty } from '@nestjs/swagger';
import { IsDecimalAmount, FitsCurrency, IsCurrencyCode } from 'src/platform/money/money.validators';
import { EXPENSE_LIMITS } from 'src/modules/expenses/expense-values';

/** What was paid: a positive decimal string in an ISO 4217 currency, within its minor unit. */
export class ExpenseAmountDto {
  @ApiProperty({
    example: '12.50',
    description:
      'Decimal string greater than zero, never a JSON number, with no more decimals than the ' +
      'currency has (EUR 2, JPY 0, KWD 3)',
  })
  @IsDecimalAmount({ positive: true, maxIntegerDigits: EXPENSE_LIMITS.amountIntegerDigits })
  @FitsCurrency('currency')
  amount!: string;

  @ApiProperty({ example: 'EUR', description: 'Active ISO 4217 code, upper case' })
  @IsCurrencyCode()
  currency!: string;
}
