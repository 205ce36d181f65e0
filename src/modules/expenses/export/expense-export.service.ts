import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { Clock } from 'src/platform/clock/clock';
import { calendarDateOf } from 'src/platform/dates/calendar-date';
import { CategoriesService } from 'src/modules/expenses/categories/categories.service';
import { categoryPaths } from 'src/modules/expenses/categories/category-names';
import { ExpenseRecord, ExpenseFilter, ExpenseSort } from 'src/modules/expenses/expense.types';
import { ExpensesService } from 'src/modules/expenses/expenses.service';
import { ExportExpensesQuery } from 'src/modules/expenses/export/dto/export-expenses.query';
import { csvRecord } from 'src/modules/expenses/export/csv-writer';

/**
 * The columns of an export. The first six read back in with the import mapping
 * `dateColumn=date&amountColumn=amount&currencyColumn=currency&payeeColumn=payee&
 * categoryColumn=category&noteColumn=note` (dates YYYY-MM-DD, amounts 1234.56); the rest say
 * how each amount reached the base currency.
 */
export const EXPORT_COLUMNS = [
  'date',
  'amount',
  'currency',
  'payee',
  'category',
  'note',
  'tags',
  'base_amount',
  'base_currency',
  'fx_rate',
  'fx_rate_date',
  'fx_source',
  'id',
] as const;

/** Rows per query of the keyset walk (and per chunk written). */
const EXPORT_BATCH_SIZE = 1000;

export interface ExpenseExport {
  fileName: string;
  /** The file, produced as it is read: a page of rows per query, never the whole file at once. */
  content: Readable;
}

@Injectable()
export class ExpenseExportService {
  constructor(
    private readonly expenses: ExpensesService,
    private readonly categories: CategoriesService,
    private readonly clock: Clock,
  ) {}

  /**
   * Validates the query and reads the category names before anything is sent, so a bad query
   * is a problem+json answer rather than a file cut short.
   */
  async export(userId: string, query: ExportExpensesQuery): Promise<ExpenseExport> {
    const filter = await this.expenses.toFilter(userId, query);
    const names = categoryPaths(await this.categories.listRefs(userId));
    const sort: ExpenseSort = { field: query.sort, direction: query.order };
    return {
      fileName: `expenses-${calendarDateOf(this.clock.now())}.csv`,
      content: Readable.from(this.records(userId, filter, sort, names)),
    };
  }

  private async *records(
    userId: string,
    filter: ExpenseFilter,
    sort: ExpenseSort,
    names: ReadonlyMap<string, string>,
  ): AsyncGenerator<string> {
    yield csvRecord(EXPORT_COLUMNS);
    if (filter.categoryIds?.length === 0) return;
    for await (const rows of this.expenses.stream(userId, filter, sort, EXPORT_BATCH_SIZE)) {
      yield rows.map((row) => csvRecord(cells(row, names))).join('');
    }
  }
}

function cells(expense: ExpenseRecord, names: ReadonlyMap<string, string>): (string | null)[] {
  return [
    expense.date,
    expense.amount,
    expense.currency,
    expense.payee,
    names.get(expense.categoryId) ?? null,
    expense.note,
    expense.tags.join(', '),
    expense.baseAmount,
    expense.baseCurrency,
    expense.fxRate,
    expense.fxRateDate,
    expense.fxSource,
    expense.id,
  ];
}
