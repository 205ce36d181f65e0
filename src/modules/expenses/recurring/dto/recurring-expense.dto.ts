import { ApiProperty, ApiPropertyOptional, IntersectionType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { PatchOptional } from 'src/platform/validation/patch-optional.decorator';
import { IsCalendarDate, IsCalendarDateWithin } from 'src/platform/dates/calendar-date.validator';
import { MoneyDto } from 'src/platform/money/money.dto';
import { PageQuery } from 'src/platform/pagination/page';
import { CreateExpenseDto, UpdateExpenseDto } from 'src/modules/expenses/dto/create-expense.dto';
import { EXPENSE_LIMITS } from 'src/modules/expenses/expense-values';
import {
  MAX_COUNT,
  MAX_INTERVAL,
  RECURRENCE_UNITS,
  RecurrenceUnit,
} from 'src/modules/expenses/recurring/recurrence';

/** Occurrences are expenses, so a schedule lives in the dates an expense may have. */
const { earliestDate, latestDate } = EXPENSE_LIMITS;
export const MAX_PREVIEW = 100;
const DEFAULT_PREVIEW = 10;

const UNIT_DESCRIPTION =
  '`day`, `week`, `month` or `year`: the schedule repeats every `interval` of these, counted ' +
  'from `startDate` (never from the previous occurrence, so a month-end never drifts)';
const DAY_OF_MONTH_DESCRIPTION =
  'Monthly rules only: the day of the month, 1–31 (default: the day of startDate). A month ' +
  'without that day uses its last day (the 31st falls on Feb 28 or 29, and on Mar 31 again); ' +
  'the first occurrence is the first such day on or after startDate.';
const END_DATE_DESCRIPTION = `Inclusive; YYYY-MM-DD up to ${latestDate}. Not together with count.`;
const COUNT_DESCRIPTION =
  `How many occurrences the schedule has, counted from startDate (1–${MAX_COUNT}). Not ` +
  'together with endDate.';

/**
 * A schedule: every `interval` `unit`s from `startDate`, ending on `endDate` or after `count`
 * occurrences (or never). Also the body of `POST /recurring-expenses/preview`. Rules that span
 * fields (dayOfMonth only for monthly rules, not both endDate and count, endDate not before
 * startDate) are the recurrence engine's to check, with the same VALIDATION_FAILED shape.
 */
export class RecurrenceDto {
  @ApiProperty({ enum: RECURRENCE_UNITS, description: UNIT_DESCRIPTION })
  @IsIn(RECURRENCE_UNITS)
  unit!: RecurrenceUnit;

  @ApiProperty({ minimum: 1, maximum: MAX_INTERVAL, example: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_INTERVAL)
  interval!: number;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: 31,
    description: DAY_OF_MONTH_DESCRIPTION,
  })
  @PatchOptional({ nullable: true })
  @IsInt()
  @Min(1)
  @Max(31)
  dayOfMonth?: number | null;

  @ApiProperty({
    example: '2026-01-31',
    description: `YYYY-MM-DD, ${earliestDate} to ${latestDate}`,
  })
  @IsCalendarDate()
  @IsCalendarDateWithin(earliestDate, latestDate)
  startDate!: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: END_DATE_DESCRIPTION,
  })
  @PatchOptional({ nullable: true })
  @IsCalendarDate()
  @IsCalendarDateWithin(earliestDate, latestDate)
  endDate?: string | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: MAX_COUNT,
    description: COUNT_DESCRIPTION,
  })
  @PatchOptional({ nullable: true })
  @IsInt()
  @Min(1)
  @Max(MAX_COUNT)
  count?: number | null;
}

/** What every expense a rule creates is made of: the fields of an expense but its date. */
const TEMPLATE_FIELDS = ['amount', 'categoryId', 'payee', 'note', 'tags', 'vehicleId'] as const;

export class CreateRecurringExpenseDto extends IntersectionType(
  RecurrenceDto,
  PickType(CreateExpenseDto, TEMPLATE_FIELDS),
) {
  @ApiPropertyOptional({
    default: true,
    description: 'false creates it paused: nothing is materialised until it is resumed',
  })
  @PatchOptional()
  @IsBoolean()
  active?: boolean;
}

/**
 * Every field optional; null clears dayOfMonth, endDate, count, payee, note and vehicleId.
 * Expenses already materialised stay as they are; the change applies to occurrences after
 * `materialisedThrough`.
 */
export class UpdateRecurringExpenseDto extends PickType(UpdateExpenseDto, TEMPLATE_FIELDS) {
  @ApiPropertyOptional({ enum: RECURRENCE_UNITS, description: UNIT_DESCRIPTION })
  @PatchOptional()
  @IsIn(RECURRENCE_UNITS)
  unit?: RecurrenceUnit;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_INTERVAL })
  @PatchOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_INTERVAL)
  interval?: number;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: 31,
    description: DAY_OF_MONTH_DESCRIPTION,
  })
  @PatchOptional({ nullable: true })
  @IsInt()
  @Min(1)
  @Max(31)
  dayOfMonth?: number | null;

  @ApiPropertyOptional({ format: 'date' })
  @PatchOptional()
  @IsCalendarDate()
  @IsCalendarDateWithin(earliestDate, latestDate)
  startDate?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: END_DATE_DESCRIPTION,
  })
  @PatchOptional({ nullable: true })
  @IsCalendarDate()
  @IsCalendarDateWithin(earliestDate, latestDate)
  endDate?: string | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: MAX_COUNT,
    description: COUNT_DESCRIPTION,
  })
  @PatchOptional({ nullable: true })
  @IsInt()
  @Min(1)
  @Max(MAX_COUNT)
  count?: number | null;

  @ApiPropertyOptional({
    description:
      'false pauses; true resumes, skipping occurrences dated before the day of resuming ' +
      'that were not materialised',
  })
  @PatchOptional()
  @IsBoolean()
  active?: boolean;
}

export class ListRecurringExpensesQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Only running or only paused rules',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';
}

export class PreviewQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PREVIEW, default: DEFAULT_PREVIEW })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PREVIEW)
  count: number = DEFAULT_PREVIEW;
}

export class RecurrencePreviewDto {
  @ApiProperty({
    type: [String],
    example: ['2026-01-31', '2026-02-28', '2026-03-31'],
    description:
      'The next dates the rule will materialise, oldest first; fewer than asked when it ends ' +
      'sooner. For a saved rule: after materialisedThrough (for a paused one: as if resumed ' +
      'today). For an unsaved one: from its startDate, past dates included, as creating it ' +
      'would back-fill them.',
  })
  dates!: string[];
}

export class RecurringExpenseResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 1, description: 'Also sent as the ETag W/"<version>"' })
  version!: number;

  @ApiProperty({ type: MoneyDto })
  amount!: MoneyDto;

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

  @ApiProperty({ enum: RECURRENCE_UNITS })
  unit!: RecurrenceUnit;

  @ApiProperty({ example: 1 })
  interval!: number;

  @ApiProperty({ type: Number, nullable: true })
  dayOfMonth!: number | null;

  @ApiProperty({ format: 'date' })
  startDate!: string;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  endDate!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  count!: number | null;

  @ApiProperty({ description: 'false while paused' })
  active!: boolean;

  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'Every occurrence up to this day has been dealt with; null: none yet',
  })
  materialisedThrough!: string | null;

  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description:
      'The next occurrence to be materialised (by the daily run after it); null when the ' +
      'schedule has ended or the rule is paused',
  })
  nextOccurrence!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}
