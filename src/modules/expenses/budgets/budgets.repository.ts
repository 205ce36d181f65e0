import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { roundToMinorUnit } from 'src/platform/money/money';
import { OwnedTable } from 'src/platform/owned-resources/owned-table';
import { ColumnOverride, RecordColumns } from 'src/platform/owned-resources/record-columns';
import { CalendarMonth, firstDayOf } from 'src/modules/expenses/budgets/budget-month';
import {
  BudgetFilter,
  BudgetKeyset,
  BudgetRecord,
} from 'src/modules/expenses/budgets/budget.types';
import { Budget } from 'src/modules/expenses/budgets/entities/budget.entity';

/** First key of the two-part advisory lock on a user's budgets ("BUDG"). */
const LOCK_NAMESPACE = 0x42554447;

export type NewBudgetRow = Omit<BudgetRecord, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

/** Every column but the key, the owner, the version and the timestamps. */
export type BudgetRowChanges = Partial<Omit<NewBudgetRow, 'userId'>>;

/** Months are written as YYYY-MM and stored as the date of their first day. */
function monthParam(month: CalendarMonth | null | undefined): string | null {
  return month === null || month === undefined ? null : firstDayOf(month);
}

/** Every query on `budgets`; ownership is part of each one. */
@Injectable()
export class BudgetsRepository {
  private readonly table: OwnedTable<BudgetRecord>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    const month: ColumnOverride = {
      read: (column) => `to_char(${column}, 'YYYY-MM')`,
      write: (value) => monthParam(value as CalendarMonth | null),
    };
    this.table = new OwnedTable(
      RecordColumns.of<BudgetRecord>(dataSource.getMetadata(Budget), {
        alias: 'b',
        overrides: { startMonth: month, endMonth: month },
      }),
      toRecord,
    );
  }

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

  insert(row: NewBudgetRow, now: Date, manager: EntityManager): Promise<BudgetRecord> {
    return this.table.insert(manager, row, now);
  }

  findOwned(
    userId: string,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<BudgetRecord | undefined> {
    return this.table.findOwned(manager, userId, id);
  }

  /** The budget, locked against concurrent changes until the transaction ends. */
  lockOwned(userId: string, id: string, manager: EntityManager): Promise<BudgetRecord | undefined> {
    return this.table.lockOwned(manager, userId, id);
  }

  /** Every budget of the user, locked: for re-basing them all. */
  async lockAllOwned(userId: string, manager: EntityManager): Promise<BudgetRecord[]> {
    const rows = await manager.query<BudgetRecord[]>(
      `${this.table.selectFrom()} WHERE b.user_id = $1 ORDER BY b.id FOR UPDATE`,
      [userId],
    );
    return this.table.records(rows);
  }

  /** Sets the changed columns, adds one to the version and returns the row as stored. */
  update(
    userId: string,
    id: string,
    changes: BudgetRowChanges,
    now: Date,
    manager: EntityManager,
  ): Promise<BudgetRecord | undefined> {
    return this.table.update(manager, userId, id, changes, now);
  }

  deleteOwned(
    userId: string,
    id: string,
    manager: EntityManager,
  ): Promise<BudgetRecord | undefined> {
    return this.table.deleteOwned(manager, userId, id);
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
      `${this.table.selectFrom()} WHERE ${where.join(' AND ')}
       ORDER BY b.created_at, b.id LIMIT ${param(limit)}`,
      params,
    );
    return this.table.records(rows);
  }

  /** The user's budgets that cover `month`, in creation order. */
  async findActiveIn(
    userId: string,
    month: CalendarMonth,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<BudgetRecord[]> {
    const rows = await manager.query<BudgetRecord[]>(
      `${this.table.selectFrom()}
       WHERE b.user_id = $1 AND b.start_month <= $2::date
         AND (b.end_month IS NULL OR b.end_month >= $2::date)
       ORDER BY b.created_at, b.id`,
      [userId, monthParam(month)],
    );
    return this.table.records(rows);
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
