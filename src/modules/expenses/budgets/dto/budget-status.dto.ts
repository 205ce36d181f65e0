import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { MoneyDto } from 'src/platform/money/money.dto';
import { IsCalendarMonth } from 'src/modules/expenses/budgets/budget-month';
import { ROLLOVER_MODES, RolloverMode } from 'src/modules/expenses/budgets/budget.types';
import { BudgetPeriod } from 'src/modules/expenses/budgets/budget-status';

const PERIODS: readonly BudgetPeriod[] = ['past', 'current', 'future'];

export class BudgetStatusQuery {
  @ApiPropertyOptional({
    example: '2026-03',
    description: 'YYYY-MM; default: the current month (UTC)',
  })
  @IsOptional()
  @IsCalendarMonth()
  month?: string;
}

const UNLESS_MISMATCH = 'null when currencyMismatch';

export class BudgetStatusDto {
  @ApiProperty({ format: 'uuid' })
  budgetId!: string;

  @ApiProperty({ type: String, nullable: true })
  name!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: overall' })
  categoryId!: string | null;

  @ApiProperty({ enum: ROLLOVER_MODES })
  rollover!: RolloverMode;

  @ApiProperty({ example: '2026-03' })
  month!: string;

  @ApiProperty({
    enum: PERIODS,
    description: 'The month against today (UTC): past, the current month, or future',
  })
  period!: BudgetPeriod;

  @ApiProperty({
    type: MoneyDto,
    nullable: true,
    description: `The month's budget; ${UNLESS_MISMATCH}`,
  })
  budgeted!: MoneyDto | null;

  @ApiProperty({
    type: MoneyDto,
    nullable: true,
    description:
      'Carried in from the months before (from the start month): 0 with rollover none, never ' +
      `negative with carry_remaining, negative after an overspend with carry_both; ${UNLESS_MISMATCH}`,
  })
  rolledOver!: MoneyDto | null;

  @ApiProperty({
    type: MoneyDto,
    nullable: true,
    description: `budgeted + rolledOver; ${UNLESS_MISMATCH}`,
  })
  available!: MoneyDto | null;

  @ApiProperty({
    type: MoneyDto,
    description:
      "The base amounts of the month's expenses in the budget's categories; expenses without a " +
      'base amount are not in it (see unconvertedExpenses)',
  })
  spent!: MoneyDto;

  @ApiProperty({
    type: MoneyDto,
    nullable: true,
    description: `available − spent; ${UNLESS_MISMATCH}`,
  })
  remaining!: MoneyDto | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '80.00',
    description:
      'spent ÷ available × 100, truncated to two decimals (80.00 means the 80 % alert threshold ' +
      'is reached); null when available is zero or less, or currencyMismatch',
  })
  percentUsed!: string | null;

  @ApiProperty({
    type: MoneyDto,
    description:
      'Month-end spending at the current pace: for the current month, spending up to today ÷ ' +
      'days elapsed (today included) × days in the month, plus expenses already dated later in ' +
      'the month; for a past month what was spent; for a future month what is already booked',
  })
  projected!: MoneyDto;

  @ApiProperty({
    example: 0,
    description:
      'Expenses of the month that have no base amount yet (no rate): not in spent, never guessed',
  })
  unconvertedExpenses!: number;

  @ApiProperty({
    example: 0,
    description:
      'Expenses without a base amount in the earlier months the rollover is computed from (0 ' +
      'with rollover none)',
  })
  unconvertedExpensesBefore!: number;

  @ApiProperty({
    description:
      "true when the budget's amount is not in your base currency (the base currency changed " +
      'and no rate existed to re-base it): set a new amount',
  })
  currencyMismatch!: boolean;
}

export class BudgetStatusListDto {
  @ApiProperty({ example: '2026-03' })
  month!: string;

  @ApiProperty({ format: 'date', example: '2026-03-10', description: 'Today (UTC), as used' })
  today!: string;

  @ApiProperty({ example: 'EUR' })
  baseCurrency!: string;

  @ApiProperty({ type: [BudgetStatusDto], description: 'Every budget that covers the month' })
  budgets!: BudgetStatusDto[];
}
