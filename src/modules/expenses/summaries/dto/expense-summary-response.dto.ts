import { ApiProperty } from '@nestjs/swagger';
import { MoneyDto } from 'src/platform/money/money.dto';
import { SUMMARY_GROUPINGS, SummaryGrouping } from 'src/modules/expenses/summaries/summary.types';
import { PREVIOUS_PERIOD_DESCRIPTION } from 'src/modules/expenses/summaries/dto/expense-summary.query';

export class SummaryPeriodDto {
  @ApiProperty({ format: 'date', example: '2026-01-01' })
  from!: string;

  @ApiProperty({ format: 'date', example: '2026-12-31' })
  to!: string;
}

export class SummaryChangeDto {
  @ApiProperty({ type: MoneyDto, description: 'total − previousTotal' })
  amount!: MoneyDto;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '12.50',
    description:
      'The change as a percentage of previousTotal, a decimal string with two decimals ' +
      '(rounded half-even); null when previousTotal is zero',
  })
  percent!: string | null;
}

export class SummaryGroupDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Category id, `YYYY-MM`, tag or payee; null for the expenses without a tag or a payee',
  })
  key!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Category name, month, tag or payee; null where key is null',
  })
  label!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The group of the previous period this one is compared with: for groupBy=month the ' +
      'month in the same position of the previous period (`2025-03` beside `2026-03` in a ' +
      'yearly summary), otherwise the same as key',
  })
  previousKey!: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'groupBy=subcategory: the top-level category of a sub-category; null otherwise',
  })
  parentKey!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The name of parentKey' })
  parentLabel!: string | null;

  @ApiProperty({ type: MoneyDto })
  total!: MoneyDto;

  @ApiProperty({ description: 'Expenses in total' })
  count!: number;

  @ApiProperty({ type: MoneyDto })
  previousTotal!: MoneyDto;

  @ApiProperty()
  previousCount!: number;

  @ApiProperty({ type: SummaryChangeDto })
  change!: SummaryChangeDto;
}

export class SummaryUnconvertedDto {
  @ApiProperty({
    description:
      'Expenses of the period left out of every total because they have no base amount yet ' +
      '(no exchange rate for their date): never converted at a guessed rate',
  })
  count!: number;

  @ApiProperty()
  previousCount!: number;
}

export class ExpenseSummaryDto {
  @ApiProperty({ enum: SUMMARY_GROUPINGS })
  groupBy!: SummaryGrouping;

  @ApiProperty({ example: 'EUR', description: 'Your base currency: every amount is in it' })
  currency!: string;

  @ApiProperty({ type: SummaryPeriodDto })
  period!: SummaryPeriodDto;

  @ApiProperty({ type: SummaryPeriodDto, description: PREVIOUS_PERIOD_DESCRIPTION })
  previousPeriod!: SummaryPeriodDto;

  @ApiProperty({
    type: MoneyDto,
    description: 'Every matching expense with a base amount, each counted once',
  })
  total!: MoneyDto;

  @ApiProperty()
  count!: number;

  @ApiProperty({ type: MoneyDto })
  previousTotal!: MoneyDto;

  @ApiProperty()
  previousCount!: number;

  @ApiProperty({ type: SummaryChangeDto })
  change!: SummaryChangeDto;

  @ApiProperty({ type: SummaryUnconvertedDto })
  unconverted!: SummaryUnconvertedDto;

  @ApiProperty({
    type: [SummaryGroupDto],
    description:
      'Groups with an expense in either period: months in order, the others by total ' +
      '(largest first), then previous total, then label',
  })
  groups!: SummaryGroupDto[];

  @ApiProperty({ description: 'How many groups there are; more than groups.length when limited' })
  groupCount!: number;
}
