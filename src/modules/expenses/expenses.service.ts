import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CalendarDate } from 'src/platform/dates/calendar-date';
import { AppException } from 'src/platform/errors/app.exception';
import { IfMatch } from 'src/platform/http/etag';
import { IdempotentRequest } from 'src/platform/idempotency/idempotent-request';
import { IdempotencyService } from 'src/platform/idempotency/idempotency.service';
import { DecimalString } from 'src/platform/money/decimal';
import {
  expectedVersion,
  VersionedResource,
} from 'src/platform/owned-resources/versioned-resource';
import { Page, toPage } from 'src/platform/pagination/page';
import { CategoriesService } from 'src/modules/expenses/categories/categories.service';
import { CreateExpenseDto, UpdateExpenseDto } from 'src/modules/expenses/dto/create-expense.dto';
import { ExpenseResponseDto } from 'src/modules/expenses/dto/expense-response.dto';
import {
  ExpenseFilterQuery,
  ListExpensesQuery,
} from 'src/modules/expenses/dto/list-expenses.query';
import { decodeExpenseCursor, expenseCursorKey } from 'src/modules/expenses/expense-cursor';
import { toExpenseResponse } from 'src/modules/expenses/expense-response';
import { ExpenseFilter, ExpenseRecord, ExpenseSort } from 'src/modules/expenses/expense.types';
import { normaliseTag, searchWords } from 'src/modules/expenses/expense-values';
import { ExpenseWriter } from 'src/modules/expenses/expense-writer.service';
import { ExpensesRepository, keysetOf } from 'src/modules/expenses/expenses.repository';

/** The expense routes' rules: transactions, idempotency, preconditions, filters. */
const EXPENSE = new VersionedResource('expense');

@Injectable()
export class ExpensesService {
  constructor(
    private readonly expenses: ExpensesRepository,
    private readonly categories: CategoriesService,
    private readonly writer: ExpenseWriter,
    private readonly idempotency: IdempotencyService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  create(
    userId: string,
    body: CreateExpenseDto,
    idempotent: IdempotentRequest | undefined,
  ): Promise<ExpenseResponseDto> {
    return this.idempotency.run(idempotent, async (manager) =>
      toExpenseResponse(
        await this.writer.create(manager, userId, {
          amount: body.amount.amount,
          currency: body.amount.currency,
          date: body.date,
          categoryId: body.categoryId,
          payee: body.payee,
          note: body.note,
          tags: body.tags,
          vehicleId: body.vehicleId,
          fxRate: body.fxRate,
        }),
      ),
    );
  }

  async get(userId: string, id: string): Promise<ExpenseResponseDto> {
    return toExpenseResponse(EXPENSE.found(await this.expenses.findOwned(userId, id)));
  }

  /** Needs If-Match: a change made without knowing the current version could undo another. */
  async update(
    userId: string,
    id: string,
    ifMatch: IfMatch,
    body: UpdateExpenseDto,
  ): Promise<ExpenseResponseDto> {
    const expected = EXPENSE.requireIfMatch(ifMatch);
    const updated = await this.dataSource.transaction((manager) =>
      this.writer.update(manager, userId, id, expected, {
        amount: body.amount?.amount,
        currency: body.amount?.currency,
        date: body.date,
        categoryId: body.categoryId,
        payee: body.payee,
        note: body.note,
        tags: body.tags,
        vehicleId: body.vehicleId,
        fxRate: body.fxRate,
      }),
    );
    return toExpenseResponse(updated);
  }

  /** If-Match is optional here: deleting needs no knowledge of the current content. */
  async delete(userId: string, id: string, ifMatch: IfMatch): Promise<void> {
    await this.dataSource.transaction((manager) =>
      this.writer.delete(manager, userId, id, expectedVersion(ifMatch)),
    );
  }

  async list(userId: string, query: ListExpensesQuery): Promise<Page<ExpenseResponseDto>> {
    const sort = { field: query.sort, direction: query.order };
    const after = query.cursor === undefined ? undefined : decodeExpenseCursor(query.cursor, sort);
    const filter = await this.toFilter(userId, query);
    if (filter.categoryIds?.length === 0) return { data: [], nextCursor: null };
    const rows = await this.expenses.list(userId, filter, sort, query.limit + 1, after);
    return toPage(
      rows,
      query.limit,
      (row) => expenseCursorKey(sort, keysetOf(row, sort)),
      toExpenseResponse,
    );
  }

  /**
   * The repository filter for a validated query: the category expanded to its sub-categories
   * (an unknown or foreign one matches nothing), the text reduced to its words.
   */
  async toFilter(userId: string, query: ExpenseFilterQuery): Promise<ExpenseFilter> {
    const filter: ExpenseFilter = {
      from: query.from,
      to: query.to,
      currency: query.currency,
      minBaseAmount: query.minAmount,
      maxBaseAmount: query.maxAmount,
    };
    if (query.tag !== undefined) filter.tag = normaliseTag(query.tag);
    if (query.q !== undefined) {
      filter.searchText = searchWords(query.q);
      if (filter.searchText === undefined) {
        throw new AppException('VALIDATION_FAILED', 'q holds no word to search for', {
          errors: [{ field: 'q', messages: ['q must contain at least one letter or digit'] }],
        });
      }
    }
    if (query.categoryId !== undefined) {
      filter.categoryIds = await this.categories.idsWithChildren(userId, query.categoryId);
    }
    return filter;
  }

  /** The user's expenses matching `filter` in `sort` order, in batches: for a file export. */
  stream(
    userId: string,
    filter: ExpenseFilter,
    sort: ExpenseSort,
    batchSize: number,
  ): AsyncGenerator<ExpenseRecord[]> {
    return this.expenses.stream(userId, filter, sort, batchSize);
  }

  /**
   * The user's expenses on the dates of `candidates` with one of their amounts and currencies:
   * what an import compares its rows with to find those already recorded.
   */
  findSameDayAmounts(
    manager: EntityManager,
    userId: string,
    candidates: readonly { date: CalendarDate; amount: DecimalString; currency: string }[],
  ): Promise<
    { date: CalendarDate; amount: DecimalString; currency: string; payee: string | null }[]
  > {
    return this.expenses.findSameDayAmounts(userId, candidates, manager);
  }
}
