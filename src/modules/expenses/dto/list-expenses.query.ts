import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { IsCalendarDate, IsCalendarDateWithin } from 'src/platform/dates/calendar-date.validator';
import {
  IsCurrencyCode,
  IsDecimalAmount,
  IsNotLessThanAmount,
} from 'src/platform/money/money.validators';
import { PageQuery } from 'src/platform/pagination/page';
import { IsNotBefore } from 'src/platform/validation/time-range.validators';
import { IsTag } from 'src/modules/expenses/dto/tags.validator';
import {
  EXPENSE_SORT_FIELDS,
  ExpenseSortField,
  SORT_DIRECTIONS,
  SortDirection,
} from 'src/modules/expenses/expense.types';
import { EXPENSE_LIMITS } from 'src/modules/expenses/expense-values';

const { earliestDate, latestDate } = EXPENSE_LIMITS;
/** Bounds of an amount filter: any base amount fits, four decimals cover every currency. */
const AMOUNT_FILTER = { nonNegative: true, maxIntegerDigits: 18, maxFractionDigits: 4 } as const;

/**
 * The filters of the expense list (and of anything else that lists expenses, such as an
 * export): every one optional, all combined. ExpensesService.toFilter turns it into an
 * ExpenseFilter for the repository.
 */
export class ExpenseFilterQuery {
  @ApiPropertyOptional({ format: 'date', description: 'Inclusive' })
  @IsOptional()
  @IsCalendarDate()
  @IsCalendarDateWithin(earliestDate, latestDate)
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Inclusive; not before `from`' })
  @IsOptional()
  @IsCalendarDate()
  @IsCalendarDateWithin(earliestDate, latestDate)
  @IsNotBefore('from')
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'This category and its sub-categories' })
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional({ description: 'Expenses carrying this tag (matched case-insensitively)' })
  @IsOptional()
  @IsTag()
  tag?: string;

  @ApiPropertyOptional({
    maxLength: EXPENSE_LIMITS.searchLength,
    description:
      'Words to find in payee or note: every word must occur, as the start of a word ' +
      '(`blue bot` finds "Blue Bottle Coffee"); case and accents as written',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(EXPENSE_LIMITS.searchLength)
  q?: string;

  @ApiPropertyOptional({
    example: '10.00',
    description: 'Inclusive lower bound on the amount in your base currency (base amount)',
  })
  @IsOptional()
  @IsDecimalAmount(AMOUNT_FILTER)
  minAmount?: string;

  @ApiPropertyOptional({
    example: '100.00',
    description:
      'Inclusive upper bound on the base amount; expenses without a base amount never match ' +
      'an amount filter',
  })
  @IsOptional()
  @IsDecimalAmount(AMOUNT_FILTER)
  @IsNotLessThanAmount('minAmount')
  maxAmount?: string;

  @ApiPropertyOptional({ example: 'USD', description: 'The currency the expense was paid in' })
  @IsOptional()
  @IsCurrencyCode()
  currency?: string;
}

/** The sort of an expense list or export. */
export class ExpenseSortQuery {
  @ApiPropertyOptional({
    enum: EXPENSE_SORT_FIELDS,
    default: 'date',
    description:
      '`amount` sorts by the base amount; expenses without one come last in either direction',
  })
  @IsOptional()
  @IsIn(EXPENSE_SORT_FIELDS)
  sort: ExpenseSortField = 'date';

  @ApiPropertyOptional({ enum: SORT_DIRECTIONS, default: 'desc' })
  @IsOptional()
  @IsIn(SORT_DIRECTIONS)
  order: SortDirection = 'desc';
}

export class ListExpensesQuery extends IntersectionType(
  PageQuery,
  ExpenseFilterQuery,
  ExpenseSortQuery,
) {}
