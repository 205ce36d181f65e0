import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CalendarDate } from 'src/platform/dates/calendar-date';
import { roundToMinorUnit } from 'src/platform/money/money';
import { RecurringExpenseRecord } from 'src/modules/expenses/recurring/recurring-expense.types';

/** The columns of a RecurringExpenseRecord, named and typed as it wants them. */
const RECORD_COLUMNS = `
  r.id, r.user_id AS "userId", r.category_id AS "categoryId", r.amount::text AS amount,
  r.currency, r.payee, r.note, r.tags, r.vehicle_id AS "vehicleId", r.unit,
  r.interval_count AS "interval", r.day_of_month AS "dayOfMonth",
  to_char(r.start_date, 'YYYY-MM-DD') AS "startDate",
  to_char(r.end_date, 'YYYY-MM-DD') AS "endDate", r.occurrence_limit AS "count", r.active,
  to_char(r.materialised_through, 'YYYY-MM-DD') AS "materialisedThrough",
  to_char(r.next_occurrence_on, 'YYYY-MM-DD') AS "nextOccurrence", r.version,
  to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
  to_char(r.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"`;

/** Columns a change by the user may set, by record field. */
const UPDATABLE_COLUMNS = {
  categoryId: 'category_id',
  amount: 'amount',
  currency: 'currency',
  payee: 'payee',
  note: 'note',
  tags: 'tags',
  vehicleId: 'vehicle_id',
  unit: 'unit',
  interval: 'interval_count',
  dayOfMonth: 'day_of_month',
  startDate: 'start_date',
  endDate: 'end_date',
  count: 'occurrence_limit',
  active: 'active',
  materialisedThrough: 'materialised_through',
  nextOccurrence: 'next_occurrence_on',
} as const satisfies Partial<Record<keyof RecurringExpenseRecord, string>>;

export type NewRecurringExpenseRow = Omit<
  RecurringExpenseRecord,
  'id' | 'version' | 'createdAt' | 'updatedAt'
>;
export type RecurringExpenseChanges = Partial<
  Pick<RecurringExpenseRecord, keyof typeof UPDATABLE_COLUMNS>
>;

/**
 * Every query on `recurring_expenses`. Reads by the user carry user_id, so ownership is part
 * of the query; the job's queries find due rules across users and lock them one at a time.
 */
@Injectable()
export class RecurringExpensesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    row: NewRecurringExpenseRow,
    now: Date,
    manager: EntityManager,
  ): Promise<RecurringExpenseRecord> {
    const rows = await manager.query<RecurringExpenseRecord[]>(
      `WITH r AS (
         INSERT INTO recurring_expenses (user_id, category_id, amount, currency, payee, note, tags,
           vehicle_id, unit, interval_count, day_of_month, start_date, end_date, occurrence_limit,
           active, materialised_through, next_occurrence_on, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
           $18, $18)
         RETURNING *
       )
       SELECT ${RECORD_COLUMNS} FROM r`,
      [
        row.userId,
        row.categoryId,
        row.amount,
        row.currency,
        row.payee,
        row.note,
        row.tags,
        row.vehicleId,
        row.unit,
        row.interval,
        row.dayOfMonth,
        row.startDate,
        row.endDate,
        row.count,
        row.active,
        row.materialisedThrough,
        row.nextOccurrence,
        now,
      ],
    );
    return toRecord(rows[0]);
  }

  async findOwned(
    userId: string,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RecurringExpenseRecord | undefined> {
    const rows = await manager.query<RecurringExpenseRecord[]>(
      `SELECT ${RECORD_COLUMNS} FROM recurring_expenses r WHERE r.user_id = $1 AND r.id = $2`,
      [userId, id],
    );
    return rows.map(toRecord)[0];
  }

  /** The rule, locked against the job and other changes until the transaction ends. */
  async lockOwned(
    userId: string,
    id: string,
    manager: EntityManager,
  ): Promise<RecurringExpenseRecord | undefined> {
    const rows = await manager.query<RecurringExpenseRecord[]>(
      `SELECT ${RECORD_COLUMNS} FROM recurring_expenses r
       WHERE r.user_id = $1 AND r.id = $2 FOR UPDATE`,
      [userId, id],
    );
    return rows.map(toRecord)[0];
  }

  /** Sets the changed columns, adds one to the version and returns the row as stored. */
  async update(
    userId: string,
    id: string,
    changes: RecurringExpenseChanges,
    now: Date,
    manager: EntityManager,
  ): Promise<RecurringExpenseRecord | undefined> {
    const params: unknown[] = [userId, id, now];
    const assignments = Object.entries(changes).flatMap(([field, value]) => {
      const column = UPDATABLE_COLUMNS[field as keyof typeof UPDATABLE_COLUMNS];
      if (!column || value === undefined) return [];
      params.push(value);
      return [`${column} = $${params.length}`];
    });
    const rows = await manager.query<RecurringExpenseRecord[]>(
      `WITH r AS (
         UPDATE recurring_expenses
         SET ${[...assignments, 'version = version + 1', 'updated_at = $3'].join(', ')}
         WHERE user_id = $1 AND id = $2
         RETURNING *
       )
       SELECT ${RECORD_COLUMNS} FROM r`,
      params,
    );
    return rows.map(toRecord)[0];
  }

  /** Deletes the rule and its occurrence links; the expenses it created stay. */
  async deleteOwned(
    userId: string,
    id: string,
    manager: EntityManager,
  ): Promise<RecurringExpenseRecord | undefined> {
    const rows = await manager.query<RecurringExpenseRecord[]>(
      `WITH r AS (DELETE FROM recurring_expenses WHERE user_id = $1 AND id = $2 RETURNING *)
       SELECT ${RECORD_COLUMNS} FROM r`,
      [userId, id],
    );
    return rows.map(toRecord)[0];
  }

  /** At most `limit` rules after `after`, oldest first; `active` filters when given. */
  async list(
    userId: string,
    options: { active?: boolean; limit: number; after?: { createdAt: string; id: string } },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RecurringExpenseRecord[]> {
    const params: unknown[] = [userId];
    const where = ['r.user_id = $1'];
    if (options.active !== undefined) {
      params.push(options.active);
      where.push(`r.active = $${params.length}`);
    }
    if (options.after) {
      params.push(options.after.createdAt, options.after.id);
      where.push(
        `(r.created_at, r.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
      );
    }
    params.push(options.limit);
    const rows = await manager.query<RecurringExpenseRecord[]>(
      `SELECT ${RECORD_COLUMNS} FROM recurring_expenses r WHERE ${where.join(' AND ')}
       ORDER BY r.created_at, r.id LIMIT $${params.length}`,
      params,
    );
    return rows.map(toRecord);
  }

  /**
   * Ids of active rules with an occurrence due on or before `today`, after `afterId`, by id
   * (read without locks: each is locked and checked again by the step that materialises it).
   */
  async findDueIds(
    today: CalendarDate,
    afterId: string | null,
    limit: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM recurring_expenses
       WHERE active AND next_occurrence_on <= $1 AND ($2::uuid IS NULL OR id > $2)
       ORDER BY id LIMIT $3`,
      [today, afterId, limit],
    );
    return rows.map((row) => row.id);
  }

  /**
   * The rule if it is still due, locked for this transaction; undefined when it is not due
   * any more or another transaction holds it (SKIP LOCKED: a second worker moves on instead of
   * waiting to find the work done).
   */
  async lockIfDue(
    id: string,
    today: CalendarDate,
    manager: EntityManager,
  ): Promise<RecurringExpenseRecord | undefined> {
    const rows = await manager.query<RecurringExpenseRecord[]>(
      `SELECT ${RECORD_COLUMNS} FROM recurring_expenses r
       WHERE r.id = $1 AND r.active AND r.next_occurrence_on <= $2
       FOR UPDATE SKIP LOCKED`,
      [id, today],
    );
    return rows.map(toRecord)[0];
  }

  /** Moves the job's watermark; the version stays, since the user changed nothing. */
  async advance(
    id: string,
    materialisedThrough: CalendarDate,
    nextOccurrence: CalendarDate | null,
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `UPDATE recurring_expenses SET materialised_through = $2, next_occurrence_on = $3
       WHERE id = $1`,
      [id, materialisedThrough, nextOccurrence],
    );
  }
}

/** The amount as the API writes it (numeric(16, 4) answers `12.5000`). */
function toRecord(row: RecurringExpenseRecord): RecurringExpenseRecord {
  row.amount = roundToMinorUnit(row.amount, row.currency, 'half-even');
  return row;
}
