import { ApiProperty } from '@nestjs/swagger';
import { MoneyDto } from 'src/platform/money/money.dto';
import { FX_SOURCES, FxSource } from 'src/modules/expenses/base-amounts/base-conversion';

export const FX_STATUSES = ['converted', 'missing'] as const;
export type FxStatus = (typeof FX_STATUSES)[number];

/** How the amount reached the base currency, or why it has not. */
export class ExpenseFxDto {
  @ApiProperty({
    enum: FX_STATUSES,
    example: 'converted',
    description:
      '`converted`: baseAmount holds the amount in the base currency. `missing`: no rate exists ' +
      'for the date (reason says why) and baseAmount is null — never a guess; the FX refresh ' +
      'fills it once a rate is published, or set fxRate yourself.',
  })
  status!: FxStatus;

  @ApiProperty({ example: 'EUR' })
  baseCurrency!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '0.925925925926',
    description: 'Units of the base currency per unit of the expense currency',
  })
  rate!: string | null;

  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    example: '2026-03-02',
    description: 'The publication the rate comes from (the expense date for your own rate)',
  })
  rateDate!: string | null;

  @ApiProperty({ enum: FX_SOURCES, nullable: true, example: 'ECB' })
  source!: FxSource | null;

  @ApiProperty({
    type: String,
    nullable: true,
    // null among the values: OpenAPI 3.0 reads an enum as every value allowed, nullable or not.
    enum: ['unknown-currency', 'no-rate', 'stale-rate', null],
    example: null,
    description: 'Why the rate is missing (null once converted)',
  })
  reason!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  detail!: string | null;
}

export class ExpenseResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 1, description: 'Also sent as the ETag W/"<version>"' })
  version!: number;

  @ApiProperty({ format: 'date', example: '2026-03-02' })
  date!: string;

  @ApiProperty({
    type: MoneyDto,
    description: 'As paid',
    example: { amount: '54.00', currency: 'USD' },
  })
  amount!: MoneyDto;

  @ApiProperty({
    type: MoneyDto,
    nullable: true,
    description: 'In your base currency; null while fx.status is missing',
    example: { amount: '50.00', currency: 'EUR' },
  })
  baseAmount!: MoneyDto | null;

  @ApiProperty({ type: ExpenseFxDto })
  fx!: ExpenseFxDto;

  @ApiProperty({ format: 'uuid' })
  categoryId!: string;

  @ApiProperty({ type: String, nullable: true })
  payee!: string | null;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;

  @ApiProperty({ type: [String] })
  tags!: string[];

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  vehicleId!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}
