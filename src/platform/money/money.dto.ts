import { ApiProperty } from '@nestjs/swagger';

/** An amount of money as the API writes it. */
export class MoneyDto {
  @ApiProperty({
    example: '12.50',
    description: 'Decimal string, as many decimals as the currency has',
  })
  amount!: string;

  @ApiProperty({ example: 'EUR', description: 'ISO 4217 code' })
  currency!: string;
}
