import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppException } from 'src/platform/errors/app.exception';
import {
  compareDecimals,
  DecimalString,
  parseDecimal,
  roundDecimal,
  subtractDecimals,
} from 'src/platform/money/decimal';
import { roundToMinorUnit } from 'src/platform/money/money';
import { MoneyDto } from 'src/platform/money/money.dto';
import { UsersService } from 'src/modules/auth/users/users.service';
import { normaliseTag } from 'src/modules/expenses/expense-values';
import { ExpenseSummaryQuery } from 'src/modules/expenses/summaries/dto/expense-summary.query';
import {
  ExpenseSummaryDto,
  SummaryChangeDto,
  SummaryGroupDto,
} from 'src/modules/expenses/summaries/dto/expense-summary-response.dto';
import { SummariesRepository } from 'src/modules/expenses/summaries/summaries.repository';
import {
  DateRange,
  monthIndex,
  monthKey,
  previousPeriod,
  wholeMonths,
} from 'src/modules/expenses/summaries/summary-period';
import { SummaryGroupRow, SummaryRow } from 'src/modules/expenses/summaries/summary.types';

/**
 * Totals of a user's expenses in their base currency over a range, grouped, each beside the
 * same figure for the previous period (see previousPeriod). Expenses without a base amount are
 * counted apart and never converted here: a total is only ever a sum of stored base amounts.
 */
@Injectable()
export class SummariesService {
  constructor(
    private readonly summaries: SummariesRepository,
    private readonly users: UsersService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async summarise(userId: string, query: ExpenseSummaryQuery): Promise<ExpenseSummaryDto> {
    const period: DateRange = { from: query.from, to: query.to };
    if (query.groupBy === 'month' && wholeMonths(period) === undefined) {
      throw new AppException(
        'VALIDATION_FAILED',
        'A summary by month needs a range of whole months',
        {
          errors: [
            {
              field: 'groupBy',
              messages: [
                'groupBy=month needs from on the first day of a month and to on the last day of a month',
              ],
            },
          ],
        },
      );
    }
    const previous = previousPeriod(period);
    const spec = {
      groupBy: query.groupBy,
      period,
      previous,
      filter: {
        categoryId: query.categoryId,
        tag: query.tag === undefined ? undefined : normaliseTag(query.tag),
        currency: query.currency,
      },
      limit: query.limit,
    };
    // In one transaction, the base currency share-locks the user's row: a re-base in progress
    // is waited for, so the sums are never read against a base currency that just changed.
    const row = await this.dataSource.transaction(async (manager) =>
      this.summaries.summarise(
        userId,
        await this.users.getBaseCurrency(userId, manager),
        spec,
        manager,
      ),
    );

    const currency = row.baseCurrency;
    const groups =
      query.groupBy === 'month'
        ? monthGroups(row, period, previous, currency)
        : row.groups.map((group) => toGroup(group, group.key, currency));
    return {
      groupBy: query.groupBy,
      currency,
      period,
      previousPeriod: previous,
      total: money(row.total, currency),
      count: row.count,
      previousTotal: money(row.previousTotal, currency),
      previousCount: row.previousCount,
      change: change(row.total, row.previousTotal, currency),
      unconverted: { count: row.unconverted, previousCount: row.previousUnconverted },
      groups,
      groupCount: query.groupBy === 'month' ? groups.length : row.groupCount,
    };
  }
}

/** Every month of the period in order, those without expenses in either period at zero. */
function monthGroups(
  row: SummaryRow,
  period: DateRange,
  previous: DateRange,
  currency: string,
): SummaryGroupDto[] {
  const byPosition = new Map(row.groups.map((group) => [Number(group.key), group]));
  const first = monthIndex(period.from);
  const previousFirst = monthIndex(previous.from);
  const groups: SummaryGroupDto[] = [];
  for (let position = 0; position <= monthIndex(period.to) - first; position += 1) {
    const key = monthKey(first + position);
    const found = byPosition.get(position);
    const group: SummaryGroupRow = {
      key,
      label: key,
      parentKey: null,
      parentLabel: null,
      total: found?.total ?? '0',
      count: found?.count ?? 0,
      previousTotal: found?.previousTotal ?? '0',
      previousCount: found?.previousCount ?? 0,
    };
    groups.push(toGroup(group, monthKey(previousFirst + position), currency));
  }
  return groups;
}

function toGroup(
  group: SummaryGroupRow,
  previousKey: string | null,
  currency: string,
): SummaryGroupDto {
  return {
    key: group.key,
    label: group.label,
    previousKey,
    parentKey: group.parentKey,
    parentLabel: group.parentLabel,
    total: money(group.total, currency),
    count: group.count,
    previousTotal: money(group.previousTotal, currency),
    previousCount: group.previousCount,
    change: change(group.total, group.previousTotal, currency),
  };
}

/** Exact: every base amount has the currency's decimals, so their sum needs no rounding. */
function money(amount: DecimalString, currency: string): MoneyDto {
  return { amount: roundToMinorUnit(amount, currency, 'half-even'), currency };
}

export function change(
  total: DecimalString,
  previousTotal: DecimalString,
  currency: string,
): SummaryChangeDto {
  const difference = subtractDecimals(total, previousTotal);
  return {
    amount: money(difference, currency),
    percent:
      compareDecimals(previousTotal, '0') === 0
        ? null
        : roundDecimal(
            parseDecimal(difference).times(100).dividedBy(parseDecimal(previousTotal)),
            2,
            'half-even',
          ),
  };
}
