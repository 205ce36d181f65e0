import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PatchOptional } from 'src/platform/validation/patch-optional.decorator';
import { MoneyDto } from 'src/platform/money/money.dto';
import { PageQuery } from 'src/platform/pagination/page';
import { IsNotBefore } from 'src/platform/validation/time-range.validators';
import { ExpenseAmountDto } from 'src/modules/expenses/dto/expense-amount.dto';
import { IsCalendarMonth } from 'src/modules/expenses/budgets/budget-month';
import {
  BUDGET_KINDS,
  BudgetKind,
  ROLLOVER_MODES,
  RolloverMode,
} from 'src/modules/expenses/budgets/budget.types';

export const BUDGET_NAME_MAX = 100;

/** Trimmed, inner whitespace collapsed. */
const normaliseName = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.normalize('NFC').trim().replace(/\s+/g, ' ') : value;
/** No control characters: a name is shown in lists and mails. */
const PRINTABLE = /^[^\p{Cc}\p{Cf}]+$/u;

const ROLLOVER_DESCRIPTION =
  '`none`: every month starts from its budget. `carry_remaining`: what is left at the end of ' +
  'a month is added to the next; an overspend is forgotten. `carry_both`: what is left is ' +
  'added and what was overspent is taken off the next month. The chain starts at startMonth.';

const AMOUNT_DESCRIPTION =
  'Per month, in your base currency (any other currency is refused with 422)';

export class CreateBudgetDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: BUDGET_NAME_MAX,
    example: 'Food',
    description: 'A label; without one the category name (or "Overall") is shown in mails',
  })
  @PatchOptional({ nullable: true })
  @Transform(normaliseName)
  @IsString()
  @MinLength(1)
  @MaxLength(BUDGET_NAME_MAX)
  @Matches(PRINTABLE, { message: 'name must not contain control characters' })
  name?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'One of your categories that is not archived. A top-level category counts its ' +
      'sub-categories too; a sub-category only itself. Absent or null: an overall budget over ' +
      'every expense. One budget per category (and one overall) for any month.',
  })
  @PatchOptional({ nullable: true })
  @IsUUID()
  categoryId?: string | null;

  @ApiProperty({ type: ExpenseAmountDto, description: AMOUNT_DESCRIPTION })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ExpenseAmountDto)
  amount!: ExpenseAmountDto;

  @ApiPropertyOptional({ enum: ROLLOVER_MODES, default: 'none', description: ROLLOVER_DESCRIPTION })
  @PatchOptional()
  @IsIn(ROLLOVER_MODES)
  rollover?: RolloverMode;

  @ApiPropertyOptional({
    example: '2026-03',
    description: 'YYYY-MM, the first month; default: the current month (UTC)',
  })
  @PatchOptional()
  @IsCalendarMonth()
  startMonth?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2026-12',
    description: 'YYYY-MM, the last month (inclusive), not before startMonth; null: open-ended',
  })
  @PatchOptional({ nullable: true })
  @IsCalendarMonth()
  @IsNotBefore('startMonth')
  endMonth?: string | null;
}

/**
 * Every field optional; `null` clears name and endMonth. The category cannot change: a budget on
 * another category is another budget. A new amount applies to every month of the budget, so the
 * rollover chain is recomputed from the start month.
 */
export class UpdateBudgetDto {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: BUDGET_NAME_MAX })
  @PatchOptional({ nullable: true })
  @Transform(normaliseName)
  @IsString()
  @MinLength(1)
  @MaxLength(BUDGET_NAME_MAX)
  @Matches(PRINTABLE, { message: 'name must not contain control characters' })
  name?: string | null;

  @ApiPropertyOptional({ type: ExpenseAmountDto, description: AMOUNT_DESCRIPTION })
  @PatchOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ExpenseAmountDto)
  amount?: ExpenseAmountDto;

  @ApiPropertyOptional({ enum: ROLLOVER_MODES, description: ROLLOVER_DESCRIPTION })
  @PatchOptional()
  @IsIn(ROLLOVER_MODES)
  rollover?: RolloverMode;

  @ApiPropertyOptional({ example: '2026-03' })
  @PatchOptional()
  @IsCalendarMonth()
  startMonth?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2026-12',
    description: 'Not before the start month (the new one, or the current one); null: open-ended',
  })
  @PatchOptional({ nullable: true })
  @IsCalendarMonth()
  @IsNotBefore('startMonth')
  endMonth?: string | null;
}

export class ListBudgetsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Budgets on exactly this category' })
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional({ enum: BUDGET_KINDS, description: 'Overall budgets or category budgets' })
  @IsOptional()
  @IsIn(BUDGET_KINDS)
  kind?: BudgetKind;

  @ApiPropertyOptional({ example: '2026-03', description: 'Budgets that cover this month' })
  @IsOptional()
  @IsCalendarMonth()
  activeIn?: string;
}

export class BudgetResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 1, description: 'Also sent as the ETag W/"<version>"' })
  version!: number;

  @ApiProperty({ type: String, nullable: true })
  name!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: overall' })
  categoryId!: string | null;

  @ApiProperty({
    type: MoneyDto,
    description:
      'Per month, in your base currency. Re-based with the reference rate of the day when you ' +
      'change your base currency; if no rate exists it keeps its old currency until you set a ' +
      'new amount (its status then says currencyMismatch)',
  })
  amount!: MoneyDto;

  @ApiProperty({ enum: ROLLOVER_MODES })
  rollover!: RolloverMode;

  @ApiProperty({ example: '2026-03' })
  startMonth!: string;

  @ApiProperty({ type: String, nullable: true, example: '2026-12' })
  endMonth!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}
