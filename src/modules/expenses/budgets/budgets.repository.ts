import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { roundToMinorUnit } from 'src/platform/money/money';
import { CalendarMonth, firstDayOf } from 'src/modules/expenses/budgets/budget-month';
import {
  BudgetFilter,
  BudgetKeyset,
  BudgetRecord,
} from 'src/modules/expenses/budgets/budget.types';

/** First key of the two-part advisory lock on a user's budgets ("BUDG"). */
const LOCK_NAMESPACE = 0x42554447;

/** The columns of a BudgetRecord, named and typed as it wants them (no Date, no number). */
const RECORD_COLUMNS = `
  b.id, b.user_id AS "userId", b.category_id AS "categoryId", b.name, b.amount::text AS amount,
  b.currency, b.rollover, to_char(b.start_month, 'YYYY-MM') AS "startMonth",
  to_char(b.end_month, 'YYYY-MM') AS "endMonth", b.version,
  to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
  to_char(b.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"`;

export type NewBudgetRow = Omit<BudgetRecord, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

/** Columns an update may set, by record field. */
const UPDATABLE_COLUMNS = {
  categoryId: 'category_id',
  name: 'name',
  amount: 'amount',
  currency: 'currency',
  rollover: 'rollover',
  startMonth: 'start_month',
  endMonth: 'end_month',
} as const satisfies Partial<Record<keyof BudgetRecord, string>>;

export type BudgetRowChanges = Partial<Pick<BudgetRecord, keyof typeof UPDATABLE_COLUMNS>>;

/** Months are written as YYYY-MM and stored as the date of their first day. */
function monthParam(month: CalendarMonth | null | undefined): string | null {
  return month === null || month === undefined ? null : firstDayOf(month);
}

/** Every query on `budgets`; ownership is part of each one. */
@Injectable()
export class BudgetsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Serialises writes to one user's budgets until the transaction ends, so the overlap and
   * count checks that precede a write cannot be raced.
   */
  async lockUserBudgets(userId: string, manager: EntityManager): Promise<void> {
    const digest = createHash('sha256').update(userId).digest();
    await manager.query('SELECT pg_advisory_xact_lock($1::int, $2::int)', [
      LOCK_NAMESPACE,
      digest.readInt32BE(0),
    ]);
  }

  async countOwned(userId: string, manager: EntityManager): Promise<number> {
    const [row] = await manager.query<{ count: number }[]>(
      'SELECT count(*)::int AS count FROM budgets WHERE user_id = $1',
      [userId],
    );
    return row.count;
  }

  /**
   * Another budget of the user on the same category (or another overall one) whose months meet
   * `start`..`end` (null: open-ended); its id, or undefined.
   */
  async findOverlapping(
    userId: string,
    categoryId: string | null,
    start: CalendarMonth,
    end: CalendarMonth | null,
    exceptId: string | null,
    manager: EntityManager,
  ): Promise<string | undefined> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM budgets
       WHERE user_id = $1 AND category_id IS NOT DISTINCT FROM $2::uuid
         AND ($5::uuid IS NULL OR id <> $5::uuid)
         AND start_month <= coalesce($4::date, 'infinity'::date)
         AND coalesce(end_month, 'infinity'::date) >= $3::date
       LIMIT 1`,
      [userId, categoryId, monthParam(start), monthParam(end), exceptId],
    );
    return rows[0]?.id;
  }

  async insert(row: NewBudgetRow, now: Date, manager: EntityManager): Promise<BudgetRecord> {
    const rows = await manager.query<BudgetRecord[]>(
      `WITH b AS (
         INSERT INTO budgets (user_id, category_id, name, amount, currency, rollover, start_month,
           end_month, version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9)
         RETURNING *
       )
       SELECT ${RECORD_COLUMNS} FROM b`,
      [
        row.userId,
        row.categoryId,
        row.name,
        row.amount,
        row.currency,
        row.rollover,
        monthParam(row.startMonth),
        monthParam(row.endMonth),
        now,
      ],
    );
    return toRecord(rows[0]);
  }

  async findOwned(
    userId: string,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<BudgetRecord | undefined> {
    const rows = await manager.query<BudgetRecord[]>(
      `SELECT ${RECORD_COLUMNS} FROM budgets b WHERE b.user_id = $1 AND b.id = $2`,
      [userId, id],
    );
    return rows.map(toRecord)[0];
  }

  /** The budget, locked against concurrent changes until the transaction ends. */
  async lockOwned(
    userId: string,
    id: string,
    manager: EntityManager,
  ): Promise<BudgetRecord | undefined> {
    const rows = await manager.query<BudgetRecord[]>(
      `SELECT ${RECORD_COLUMNS} FROM budgets b WHERE b.user_id = $1 AND b.id = $2 FOR UPDATE`,
      [userId, id],
    );
    return rows.map(toRecord)[0];
  }

  /** Every budget of the user, locked: for re-basing them all. */
  async lockAllOwned(userId: string, manager: EntityManager): Promise<BudgetRecord[]> {
    const rows = await manager.query<BudgetRecord[]>(
      `SELECT ${RECORD_COLUMNS} FROM budgets b WHERE b.user_id = $1 ORDER BY b.id FOR UPDATE`,
      [userId],
    );
    return rows.map(toRecord);
  }

  /** Sets the changed columns, adds one to the version and returns the row as stored. */
  async update(
    userId: string,
    id: string,
    changes: BudgetRowChanges,
    now: Date,
    manager: EntityManager,
  ): Promise<BudgetRecord | undefined> {
    const params: unknown[] = [userId, id, now];
    const assignments = Object.entries(changes).flatMap(([field, value]) => {
      const column = UPDATABLE_COLUMNS[field as keyof typeof UPDATABLE_COLUMNS];
      if (!column || value === undefined) return [];
      params.push(field === 'startMonth' || field === 'endMonth' ? monthParam(value) : value);
      return [`${column} = $${params.length}`];
    });
    const rows = await manager.query<BudgetRecord[]>(
      `WITH b AS (
         UPDATE budgets SET ${[...assignments, 'version = version + 1', 'updated_at = $3'].join(', ')}
         WHERE user_id = $1 AND id = $2
         RETURNING *
       )
       SELECT ${RECORD_COLUMNS} FROM b`,
      params,
    );
    return rows.map(toRecord)[0];
  }

  async deleteOwned(
    userId: string,
    id: string,
    manager: EntityManager,
  ): Promise<BudgetRecord | undefined> {
    const rows = await manager.query<BudgetRecord[]>(
      `WITH b AS (DELETE FROM budgets WHERE user_id = $1 AND id = $2 RETURNING *)
       SELECT ${RECORD_COLUMNS} FROM b`,
      [userId, id],
    );
    return rows.map(toRecord)[0];
  }

  /** One page in creation order (ties broken by id), at most `limit` rows after `after`. */
  async list(
    userId: string,
    filter: BudgetFilter,
    limit: number,
    after?: BudgetKeyset,
  ): Promise<BudgetRecord[]> {
    const params: unknown[] = [userId];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = ['b.user_id = $1'];
    if (filter.categoryId !== undefined)
      where.push(`b.category_id = ${param(filter.categoryId)}::uuid`);
    if (filter.kind === 'overall') where.push('b.category_id IS NULL');
    if (filter.kind === 'category') where.push('b.category_id IS NOT NULL');
    if (filter.activeIn !== undefined) {
      const month = param(monthParam(filter.activeIn));
      where.push(`b.start_month <= ${month}::date`);
      where.push(`(b.end_month IS NULL OR b.end_month >= ${month}::date)`);
    }
    if (after) {
      where.push(
        `(b.created_at, b.id) > (${param(after.createdAt)}::timestamptz, ${param(after.id)}::uuid)`,
      );
    }
    const rows = await this.dataSource.query<BudgetRecord[]>(
      `SELECT ${RECORD_COLUMNS} FROM budgets b WHERE ${where.join(' AND ')}
       ORDER BY b.created_at, b.id LIMIT ${param(limit)}`,
      params,
    );
    return rows.map(toRecord);
  }

  /** The user's budgets that cover `month`, in creation order. */
  async findActiveIn(
    userId: string,
    month: CalendarMonth,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<BudgetRecord[]> {
    const rows = await manager.query<BudgetRecord[]>(
      `SELECT ${RECORD_COLUMNS} FROM budgets b
       WHERE b.user_id = $1 AND b.start_month <= $2::date
         AND (b.end_month IS NULL OR b.end_month >= $2::date)
       ORDER BY b.created_at, b.id`,
      [userId, monthParam(month)],
    );
    return rows.map(toRecord);
  }

  /** Whether the user has a budget that has not ended before `month`. */
  async hasBudgetsFrom(
    userId: string,
    month: CalendarMonth,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const [row] = await manager.query<{ found: boolean }[]>(
      `SELECT EXISTS (
         SELECT 1 FROM budgets WHERE user_id = $1 AND (end_month IS NULL OR end_month >= $2::date)
       ) AS found`,
      [userId, monthParam(month)],
    );
    return row.found;
  }

  /** Users with a budget covering `month`, after `afterUserId`, by id: for the alert sweep. */
  async findUserIdsActiveIn(
    month: CalendarMonth,
    afterUserId: string | null,
    limit: number,
  ): Promise<string[]> {
    const rows = await this.dataSource.query<{ userId: string }[]>(
      `SELECT DISTINCT user_id AS "userId" FROM budgets
       WHERE start_month <= $1::date AND (end_month IS NULL OR end_month >= $1::date)
         AND ($2::uuid IS NULL OR user_id > $2::uuid)
       ORDER BY user_id LIMIT $3`,
      [monthParam(month), afterUserId, limit],
    );
    return rows.map((row) => row.userId);
  }
}

/** numeric answers `100.00` as stored; the API writes the currency's minor unit. */
function toRecord(row: BudgetRecord): BudgetRecord {
  row.amount = roundToMinorUnit(row.amount, row.currency, 'half-even');
  return row;
}
