import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CalendarDate } from 'src/platform/dates/calendar-date';
import { DecimalString } from 'src/platform/money/decimal';
import { roundToMinorUnit } from 'src/platform/money/money';
import { OwnedTable } from 'src/platform/owned-resources/owned-table';
import { RecordColumns } from 'src/platform/owned-resources/record-columns';
import { Expense } from 'src/modules/expenses/entities/expense.entity';
import { Conditions, expenseWhereClause } from 'src/modules/expenses/expense-where-clause';
import {
  ExpenseFilter,
  ExpenseKeyset,
  ExpenseRecord,
  ExpenseSort,
} from 'src/modules/expenses/expense.types';

/** Rows per INSERT statement of a bulk write (one JSON parameter each). */
const INSERT_BATCH_SIZE = 1000;
/** Ids per DELETE statement of a bulk delete. */
const DELETE_BATCH_SIZE = 10_000;

/** A new expense as written; every value already validated, normalised and converted. */
export type NewExpenseRow = Omit<ExpenseRecord, 'version' | 'createdAt' | 'updatedAt'>;

/** Every column but the key, the owner, the version and the timestamps. */
export type ExpenseRowChanges = Partial<Omit<NewExpenseRow, 'id' | 'userId'>>;

/**
 * Every query on `expenses`. Reads are raw SQL: lists are the hot path, and each one is a single
 * statement on an index that starts with user_id, so ownership is part of every query.
 */
@Injectable()
export class ExpensesRepository {
  private readonly table: OwnedTable<ExpenseRecord>;
  private readonly columns: string;
  private readonly insertRows: ReturnType<OwnedTable<ExpenseRecord>['bulkInsert']>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.table = new OwnedTable(
      RecordColumns.of<ExpenseRecord>(dataSource.getMetadata(Expense), {
        alias: 'e',
        overrides: { spentOn: { field: 'date' } },
      }),
      toRecord,
    );
    this.columns = this.table.columns.select;
    this.insertRows = this.table.bulkInsert();
  }

  /** Inserts in multi-row statements and returns the rows as stored, in input order. */
  async insertMany(
    rows: readonly NewExpenseRow[],
    now: Date,
    manager: EntityManager,
  ): Promise<ExpenseRecord[]> {
    const stored: ExpenseRecord[] = [];
    for (let start = 0; start < rows.length; start += INSERT_BATCH_SIZE) {
      const batch = rows.slice(start, start + INSERT_BATCH_SIZE);
      const inserted = await manager.query<ExpenseRecord[]>(
        `WITH e AS (${this.insertRows.sql} RETURNING *) SELECT ${this.columns} FROM e`,
        [this.insertRows.rowsJson(batch), now],
      );
      const byId = new Map(inserted.map((row) => [row.id, toRecord(row)]));
      for (const row of batch) stored.push(byId.get(row.id)!);
    }
    return stored;
  }

  /**
   * insertMany without reading the rows back, for bulk writers that need no more than the ids
   * they chose (an import of 50,000 rows spends a third of its time on the read-back).
   */
  async insertManyQuietly(
    rows: readonly NewExpenseRow[],
    now: Date,
    manager: EntityManager,
  ): Promise<void> {
    for (let start = 0; start < rows.length; start += INSERT_BATCH_SIZE) {
      const batch = rows.slice(start, start + INSERT_BATCH_SIZE);
      await manager.query(this.insertRows.sql, [this.insertRows.rowsJson(batch), now]);
    }
  }

  findOwned(
    userId: string,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ExpenseRecord | undefined> {
    return this.table.findOwned(manager, userId, id);
  }

  /** The expense, locked against concurrent changes until the transaction ends. */
  lockOwned(
    userId: string,
    id: string,
    manager: EntityManager,
  ): Promise<ExpenseRecord | undefined> {
    return this.table.lockOwned(manager, userId, id);
  }

  /** Sets the changed columns, adds one to the version and returns the row as stored. */
  update(
    userId: string,
    id: string,
    changes: ExpenseRowChanges,
    now: Date,
    manager: EntityManager,
  ): Promise<ExpenseRecord | undefined> {
    return this.table.update(manager, userId, id, changes, now);
  }

  deleteOwned(
    userId: string,
    id: string,
    manager: EntityManager,
  ): Promise<ExpenseRecord | undefined> {
    return this.table.deleteOwned(manager, userId, id);
  }

  /** Deletes those of `ids` that are the user's expenses; answers the ids deleted. */
  async deleteManyOwned(
    userId: string,
    ids: readonly string[],
    manager: EntityManager,
  ): Promise<string[]> {
    const deleted: string[] = [];
    for (let start = 0; start < ids.length; start += DELETE_BATCH_SIZE) {
      const rows = await manager.query<{ id: string }[]>(
        `WITH e AS (DELETE FROM expenses WHERE user_id = $1 AND id = ANY($2::uuid[]) RETURNING id)
         SELECT id FROM e`,
        [userId, ids.slice(start, start + DELETE_BATCH_SIZE)],
      );
      for (const row of rows) deleted.push(row.id);
    }
    return deleted;
  }

  /**
   * The user's expenses on any of these (date, amount, currency) combinations, with their payee:
   * what an import compares its rows with to find expenses the user already has.
   */
  async findSameDayAmounts(
    userId: string,
    candidates: readonly { date: CalendarDate; amount: DecimalString; currency: string }[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<
    { date: CalendarDate; amount: DecimalString; currency: string; payee: string | null }[]
  > {
    if (candidates.length === 0) return [];
    const rows = await manager.query<
      { date: CalendarDate; amount: DecimalString; currency: string; payee: string | null }[]
    >(
      `SELECT to_char(e.spent_on, 'YYYY-MM-DD') AS date, e.amount::text AS amount, e.currency,
         e.payee
       FROM expenses e
       JOIN (SELECT DISTINCT * FROM unnest($2::date[], $3::numeric[], $4::char(3)[]))
         AS c(spent_on, amount, currency)
         ON e.spent_on = c.spent_on AND e.amount = c.amount AND e.currency = c.currency
       WHERE e.user_id = $1`,
      [
        userId,
        candidates.map((candidate) => candidate.date),
        candidates.map((candidate) => candidate.amount),
        candidates.map((candidate) => candidate.currency),
      ],
    );
    for (const row of rows) row.amount = roundToMinorUnit(row.amount, row.currency, 'half-even');
    return rows;
  }

  /**
   * One page: at most `limit` rows after `after` in `sort` order, ties broken by id. The amount
   * sort puts expenses without a base amount last in either direction, read in a second step so
   * that each step is a plain range scan of ix_expenses_user_id_base_amount_id.
   */
  async list(
    userId: string,
    filter: ExpenseFilter,
    sort: ExpenseSort,
    limit: number,
    after?: ExpenseKeyset,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ExpenseRecord[]> {
    if (sort.field !== 'amount') {
      return this.page(userId, filter, sort, limit, after, 'all', manager);
    }
    const rows =
      after?.value === null
        ? []
        : await this.page(userId, filter, sort, limit, after, 'with-base', manager);
    if (rows.length >= limit || filter.minBaseAmount || filter.maxBaseAmount) return rows;
    const tail = await this.page(
      userId,
      filter,
      sort,
      limit - rows.length,
      after?.value === null ? after : undefined,
      'without-base',
      manager,
    );
    return [...rows, ...tail];
  }

  /**
   * Every expense matching the filter, in sort order, `batchSize` rows per query (keyset
   * pagination, so memory stays flat and no cursor holds a transaction open): for exports.
   */
  async *stream(
    userId: string,
    filter: ExpenseFilter,
    sort: ExpenseSort,
    batchSize = 1000,
  ): AsyncGenerator<ExpenseRecord[]> {
    let after: ExpenseKeyset | undefined;
    for (;;) {
      const rows = await this.list(userId, filter, sort, batchSize, after);
      if (rows.length > 0) yield rows;
      if (rows.length < batchSize) return;
      after = keysetOf(rows[rows.length - 1], sort);
    }
  }

  private async page(
    userId: string,
    filter: ExpenseFilter,
    sort: ExpenseSort,
    limit: number,
    after: ExpenseKeyset | undefined,
    part: 'all' | 'with-base' | 'without-base',
    manager: EntityManager,
  ): Promise<ExpenseRecord[]> {
    const where = new Conditions([]);
    where.add(expenseWhereClause(userId, filter, where.params));
    const column = SORT_COLUMNS[sort.field];
    const descending = sort.direction === 'desc';
    const comparison = descending ? '<' : '>';
    if (part === 'with-base') where.add('e.base_amount IS NOT NULL');
    if (part === 'without-base') where.add('e.base_amount IS NULL');
    if (after) {
      if (part === 'without-base') {
        where.add(`e.id ${comparison} ${where.param(after.id)}::uuid`);
      } else {
        where.add(
          `(${column}, e.id) ${comparison} (${where.param(after.value)}::${SORT_TYPES[sort.field]}, ${where.param(after.id)}::uuid)`,
        );
      }
    }
    const direction = descending ? 'DESC' : 'ASC';
    const order =
      part === 'without-base' ? `e.id ${direction}` : `${column} ${direction}, e.id ${direction}`;
    // With a text search the matches are collected first, from the user's word index, and
    // sorted afterwards: the planner cannot estimate a search, and walking the user's date
    // index while testing each row's words costs seconds on a large history when the words
    // are rare. Collecting first is bounded by the number of matches.
    const source =
      filter.searchText === undefined
        ? `expenses e WHERE ${where.sql}`
        : `(SELECT * FROM expenses e WHERE ${where.sql} OFFSET 0) e`;
    const rows = await manager.query<ExpenseRecord[]>(
      `SELECT ${this.columns} FROM ${source} ORDER BY ${order} LIMIT ${where.param(limit)}`,
      where.params,
    );
    return this.table.records(rows);
  }
}

const SORT_COLUMNS = {
  date: 'e.spent_on',
  amount: 'e.base_amount',
  createdAt: 'e.created_at',
} as const;

const SORT_TYPES = { date: 'date', amount: 'numeric', createdAt: 'timestamptz' } as const;

/**
 * The amount as the API writes it: numeric(16, 4) answers `12.5000`, the currency wants `12.50`
 * (exact: no amount is stored with more decimals than its currency has).
 */
function toRecord(row: ExpenseRecord): ExpenseRecord {
  row.amount = roundToMinorUnit(row.amount, row.currency, 'half-even');
  return row;
}

/** The keyset of a row for `sort`: what a cursor holds. */
export function keysetOf(row: ExpenseRecord, sort: ExpenseSort): ExpenseKeyset {
  const value =
    sort.field === 'date' ? row.date : sort.field === 'amount' ? row.baseAmount : row.createdAt;
  return { value, id: row.id };
}
