import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsObject,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PatchOptional } from 'src/platform/validation/patch-optional.decorator';
import { IsCalendarDate, IsCalendarDateWithin } from 'src/platform/dates/calendar-date.validator';
import { IsDecimalAmount } from 'src/platform/money/money.validators';
import { USER_RATE_LIMITS } from 'src/modules/expenses/base-amounts/base-conversion';
import { ExpenseAmountDto } from 'src/modules/expenses/dto/expense-amount.dto';
import { IsTagList } from 'src/modules/expenses/dto/tags.validator';
import { EXPENSE_LIMITS } from 'src/modules/expenses/expense-values';

const { earliestDate, latestDate } = EXPENSE_LIMITS;

export const FX_RATE_DESCRIPTION =
  'Your own rate: units of your base currency for one unit of the expense currency (source ' +
  'USER). Without it the ECB reference rate of the latest day on or before the date is used. ' +
  'Not allowed when the expense is in your base currency.';

export class CreateExpenseDto {
  @ApiProperty({ type: ExpenseAmountDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ExpenseAmountDto)
  amount!: ExpenseAmountDto;

  @ApiProperty({
    example: '2026-03-02',
    description: `YYYY-MM-DD, ${earliestDate} to ${latestDate}`,
  })
  @IsCalendarDate()
  @IsCalendarDateWithin(earliestDate, latestDate)
  date!: string;

  @ApiProperty({ format: 'uuid', description: 'One of your categories that is not archived' })
  @IsUUID()
  categoryId!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: EXPENSE_LIMITS.payee })
  @PatchOptional({ nullable: true })
  @IsString()
  @MaxLength(EXPENSE_LIMITS.payee)
  payee?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: EXPENSE_LIMITS.note })
  @PatchOptional({ nullable: true })
  @IsString()
  @MaxLength(EXPENSE_LIMITS.note)
  note?: string | null;

  @ApiPropertyOptional({
    type: [String],
    maxItems: EXPENSE_LIMITS.tags,
    example: ['coffee', 'work trip'],
    description:
      `At most ${EXPENSE_LIMITS.tags} tags of 1–${EXPENSE_LIMITS.tagLength} characters; stored ` +
      'trimmed, lower-case and without repeats',
  })
  @PatchOptional()
  @IsArray()
  @ArrayMaxSize(EXPENSE_LIMITS.tags)
  @IsTagList()
  tags?: string[];

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @PatchOptional({ nullable: true })
  @IsUUID()
  vehicleId?: string | null;

  @ApiPropertyOptional({ example: '0.9259', description: FX_RATE_DESCRIPTION })
  @PatchOptional()
  @IsDecimalAmount({ positive: true, ...USER_RATE_LIMITS })
  fxRate?: string;
}

/** Every field optional; `null` clears payee, note, vehicleId and a rate you set. */
export class UpdateExpenseDto {
  @ApiPropertyOptional({ type: ExpenseAmountDto })
  @PatchOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ExpenseAmountDto)
  amount?: ExpenseAmountDto;

  @ApiPropertyOptional({ example: '2026-03-02' })
  @PatchOptional()
  @IsCalendarDate()
  @IsCalendarDateWithin(earliestDate, latestDate)
  date?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @PatchOptional()
  @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: EXPENSE_LIMITS.payee })
  @PatchOptional({ nullable: true })
  @IsString()
  @MaxLength(EXPENSE_LIMITS.payee)
  payee?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: EXPENSE_LIMITS.note })
  @PatchOptional({ nullable: true })
  @IsString()
  @MaxLength(EXPENSE_LIMITS.note)
  note?: string | null;

  @ApiPropertyOptional({ type: [String], maxItems: EXPENSE_LIMITS.tags })
  @PatchOptional()
  @IsArray()
  @ArrayMaxSize(EXPENSE_LIMITS.tags)
  @IsTagList()
  tags?: string[];

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @PatchOptional({ nullable: true })
  @IsUUID()
  vehicleId?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '0.9259',
    description: `${FX_RATE_DESCRIPTION} null goes back to the reference rate.`,
  })
  @PatchOptional({ nullable: true })
  @IsDecimalAmount({ positive: true, ...USER_RATE_LIMITS })
  fxRate?: string | null;
}
