import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  Max,
  Min,
  registerDecorator,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import { isCalendarDate } from 'src/platform/dates/calendar-date';
import { IsCalendarDate, IsCalendarDateWithin } from 'src/platform/dates/calendar-date.validator';
import { IsNotBefore } from 'src/platform/validation/time-range.validators';
import { ExpenseFilterQuery } from 'src/modules/expenses/dto/list-expenses.query';
import { EXPENSE_LIMITS } from 'src/modules/expenses/expense-values';
import { MAX_SUMMARY_MONTHS, monthsSpanned } from 'src/modules/expenses/summaries/summary-period';
import { SUMMARY_GROUPINGS, SummaryGrouping } from 'src/modules/expenses/summaries/summary.types';

const { earliestDate, latestDate } = EXPENSE_LIMITS;
export const DEFAULT_SUMMARY_GROUPS = 100;
export const MAX_SUMMARY_GROUPS = 500;

export const PREVIOUS_PERIOD_DESCRIPTION =
  'The previous period ends the day before `from`. A range of whole calendar months (from a ' +
  '1st to the last day of a month: a month, a quarter, a year) is compared with as many whole ' +
  'months just before it (March with February, 2024 with 2023); any other range with the same ' +
  'number of days just before it (1–15 March 2024 with 15–29 February 2024).';

/** The range spans at most `months` calendar months (`property` names its start). */
function IsWithinMonthsOf(
  property: string,
  months: number,
  options?: ValidationOptions,
): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isWithinMonthsOf',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [property, months],
      options: {
        message: ({ property: end }: ValidationArguments) =>
          `${end} must be at most ${months} calendar months (${months / 12} years) from ${property}`,
        ...options,
      },
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          const start = (args.object as Record<string, unknown>)[property];
          if (!isCalendarDate(value) || !isCalendarDate(start) || value < start) return true;
          return monthsSpanned({ from: start, to: value }) <= months;
        },
      },
    });
  };
}

export class ExpenseSummaryQuery extends PickType(ExpenseFilterQuery, [
  'categoryId',
  'tag',
  'currency',
] as const) {
  @ApiProperty({ format: 'date', example: '2026-01-01', description: 'First day, inclusive' })
  @IsCalendarDate()
  @IsCalendarDateWithin(earliestDate, latestDate)
  from!: string;

  @ApiProperty({
    format: 'date',
    example: '2026-12-31',
    description:
      `Last day, inclusive; not before \`from\` and at most ${MAX_SUMMARY_MONTHS} calendar ` +
      `months after it. ${PREVIOUS_PERIOD_DESCRIPTION}`,
  })
  @IsCalendarDate()
  @IsCalendarDateWithin(earliestDate, latestDate)
  @IsNotBefore('from')
  @IsWithinMonthsOf('from', MAX_SUMMARY_MONTHS)
  to!: string;

  @ApiPropertyOptional({
    enum: SUMMARY_GROUPINGS,
    default: 'category',
    description:
      '`category`: top-level categories, each with its sub-categories rolled in. ' +
      '`subcategory`: every category on its own (parentKey names the top-level one). ' +
      '`month`: calendar months, each compared with the month in the same position of the ' +
      'previous period; needs a range of whole months. `tag`: an expense with several tags ' +
      'counts in each of their groups (so groups can add up to more than the total); ' +
      'expenses without tags form the group with key null. `payee`: the payee as stored; ' +
      'expenses without one form the group with key null.',
  })
  @IsOptional()
  @IsIn(SUMMARY_GROUPINGS)
  groupBy: SummaryGrouping = 'category';

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_SUMMARY_GROUPS,
    default: DEFAULT_SUMMARY_GROUPS,
    description:
      'The most groups returned, largest totals first (groupCount says how many there are). ' +
      'A month summary always returns every month.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SUMMARY_GROUPS)
  limit: number = DEFAULT_SUMMARY_GROUPS;
}
