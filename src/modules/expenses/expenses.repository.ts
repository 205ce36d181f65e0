import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CalendarDate } from 'src/platform/dates/calendar-date';
import { DecimalString } from 'src/platform/money/decimal';
import { roundToMinorUnit } from 'src/platform/money/money';
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

/** The columns of an ExpenseRecord, named and typed as it wants them (no Date, no number). */
const RECORD_COLUMNS = `
  e.id, e.user_id AS "userId", e.category_id AS "categoryId",
  to_char(e.spent_on, 'YYYY-MM-DD') AS date, e.amount::text AS amount, e.currency,
  e.base_currency AS "baseCurrency", e.base_amount::text AS "baseAmount",
  e.fx_rate::text AS "fxRate", to_char(e.fx_rate_date, 'YYYY-MM-DD') AS "fxRateDate",
  e.fx_source AS "fxSource", e.fx_missing_reason AS "fxMissingReason",
  e.fx_missing_detail AS "fxMissingDetail", e.payee, e.note, e.tags, e.vehicle_id AS "vehicleId",
  e.version,
  to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
  to_char(e.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"`;

/** A multi-row insert of NewExpenseRows: $1 their columns as a JSON array, $2 the time. */
const INSERT_ROWS = `
  INSERT INTO expenses (id, user_id, category_id, spent_on, amount, currency, base_currency,
    base_amount, fx_rate, fx_rate_date, fx_source, fx_missing_reason, fx_missing_detail, payee,
    note, tags, vehicle_id, version, created_at, updated_at)
  SELECT r.id, r.user_id, r.category_id, r.spent_on, r.amount, r.currency, r.base_currency,
    r.base_amount, r.fx_rate, r.fx_rate_date, r.fx_source, r.fx_missing_reason,
    r.fx_missing_detail, r.payee, r.note, r.tags, r.vehicle_id, 1, $2, $2
  FROM json_to_recordset($1::json) AS r(id uuid, user_id uuid, category_id uuid,
    spent_on date, amount numeric, currency char(3), base_currency char(3), base_amount numeric,
    fx_rate numeric, fx_rate_date date, fx_source varchar, fx_missing_reason varchar,
    fx_missing_detail varchar, payee varchar, note varchar, tags text[], vehicle_id uuid)`;

/** A new expense as written; every value already validated, normalised and converted. */
export type NewExpenseRow = Omit<ExpenseRecord, 'version' | 'createdAt' | 'updatedAt'>;

/** Columns an update may set, by record field. */
const UPDATABLE_COLUMNS = {
  categoryId: 'category_id',
  date: 'spent_on',
  amount: 'amount',
  currency: 'currency',
  baseCurrency: 'base_currency',
  baseAmount: 'base_amount',
  fxRate: 'fx_rate',
  fxRateDate: 'fx_rate_date',
  fxSource: 'fx_source',
  fxMissingReason: 'fx_missing_reason',
  fxMissingDetail: 'fx_missing_detail',
  payee: 'payee',
  note: 'note',
  tags: 'tags',
  vehicleId: 'vehicle_id',
} as const satisfies Partial<Record<keyof ExpenseRecord, string>>;

export type ExpenseRowChanges = Partial<Pick<ExpenseRecord, keyof typeof UPDATABLE_COLUMNS>>;

/**
 * Every query on `expenses`. Reads are raw SQL: lists are the hot path, and each one is a single
 * statement on an index that starts with user_id, so ownership is part of every query.
 */
@Injectable()
export class ExpensesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
        `WITH e AS (${INSERT_ROWS} RETURNING *) SELECT ${RECORD_COLUMNS} FROM e`,
        [JSON.stringify(batch.map(toColumns)), now],
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
      await manager.query(INSERT_ROWS, [JSON.stringify(batch.map(toColumns)), now]);
    }
  }

  async findOwned(
    userId: string,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ExpenseRecord | undefined> {
    const rows = await manager.query<ExpenseRecord[]>(
      `SELECT ${RECORD_COLUMNS} FROM expenses e WHERE e.user_id = $1 AND e.id = $2`,
      [userId, id],
    );
    return rows.map(toRecord)[0];
  }

  /** The expense, locked against concurrent changes until the transaction ends. */
  async lockOwned(
    userId: string,
    id: string,
    manager: EntityManager,
  ): Promise<ExpenseRecord | undefined> {
    const rows = await manager.query<ExpenseRecord[]>(
      `SELECT ${RECORD_COLUMNS} FROM expenses e WHERE e.user_id = $1 AND e.id = $2 FOR UPDATE`,
      [userId, id],
    );
    return rows.map(toRecord)[0];
  }

  /** Sets the changed columns, adds one to the version and returns the row as stored. */
  async update(
    userId: string,
    id: string,
    changes: ExpenseRowChanges,
    now: Date,
    manager: EntityManager,
  ): Promise<ExpenseRecord | undefined> {
    const params: unknown[] = [userId, id, now];
    const assignments = Object.entries(changes).flatMap(([field, value]) => {
      const column = UPDATABLE_COLUMNS[field as keyof typeof UPDATABLE_COLUMNS];
      if (!column || value === undefined) return [];
      params.push(value);
      return [`${column} = $${params.length}`];
    });
    // A WITH … SELECT answers rows, unlike a bare UPDATE (rows and a count).
    const rows = await manager.query<ExpenseRecord[]>(
      `WITH e AS (
         UPDATE expenses SET ${[...assignments, 'version = version + 1', 'updated_at = $3'].join(', ')}
         WHERE user_id = $1 AND id = $2
         RETURNING *
       )
       SELECT ${RECORD_COLUMNS} FROM e`,
      params,
    );
    return rows.map(toRecord)[0];
  }

  async deleteOwned(
    userId: string,
    id: string,
    manager: EntityManager,
  ): Promise<ExpenseRecord | undefined> {
    const rows = await manager.query<ExpenseRecord[]>(
      `WITH e AS (DELETE FROM expenses WHERE user_id = $1 AND id = $2 RETURNING *)
       SELECT ${RECORD_COLUMNS} FROM e`,
      [userId, id],
    );
    return rows.map(toRecord)[0];
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
      `SELECT ${RECORD_COLUMNS} FROM ${source} ORDER BY ${order} LIMIT ${where.param(limit)}`,
      where.params,
    );
    return rows.map(toRecord);
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

/** A new row under its column names, as INSERT_ROWS reads it. */
function toColumns(row: NewExpenseRow): Record<string, unknown> {
  return {
    id: row.id,
    user_id: row.userId,
    category_id: row.categoryId,
    spent_on: row.date,
    amount: row.amount,
    currency: row.currency,
    base_currency: row.baseCurrency,
    base_amount: row.baseAmount,
    fx_rate: row.fxRate,
    fx_rate_date: row.fxRateDate,
    fx_source: row.fxSource,
    fx_missing_reason: row.fxMissingReason,
    fx_missing_detail: row.fxMissingDetail,
    payee: row.payee,
    note: row.note,
    tags: row.tags,
    vehicle_id: row.vehicleId,
  };
}

/** The keyset of a row for `sort`: what a cursor holds. */
export function keysetOf(row: ExpenseRecord, sort: ExpenseSort): ExpenseKeyset {
  const value =
    sort.field === 'date' ? row.date : sort.field === 'amount' ? row.baseAmount : row.createdAt;
  return { value, id: row.id };
}
