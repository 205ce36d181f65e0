import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CalendarDate } from 'src/platform/dates/calendar-date';
import { roundToMinorUnit } from 'src/platform/money/money';
import { OwnedTable } from 'src/platform/owned-resources/owned-table';
import { RecordColumns } from 'src/platform/owned-resources/record-columns';
import { RecurringExpense } from 'src/modules/expenses/recurring/entities/recurring-expense.entity';
import { RecurringExpenseRecord } from 'src/modules/expenses/recurring/recurring-expense.types';

export type NewRecurringExpenseRow = Omit<
  RecurringExpenseRecord,
  'id' | 'version' | 'createdAt' | 'updatedAt'
>;
/** Every column but the key, the owner, the version and the timestamps. */
export type RecurringExpenseChanges = Partial<Omit<NewRecurringExpenseRow, 'userId'>>;

/**
 * Every query on `recurring_expenses`. Reads by the user carry user_id, so ownership is part
 * of the query; the job's queries find due rules across users and lock them one at a time.
 */
@Injectable()
export class RecurringExpensesRepository {
  private readonly table: OwnedTable<RecurringExpenseRecord>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.table = new OwnedTable(
      RecordColumns.of<RecurringExpenseRecord>(dataSource.getMetadata(RecurringExpense), {
        alias: 'r',
        // The API's names; `interval` is a keyword in SQL.
        overrides: {
          intervalCount: { field: 'interval' },
          occurrenceLimit: { field: 'count' },
          nextOccurrenceOn: { field: 'nextOccurrence' },
        },
      }),
      toRecord,
    );
  }

  insert(
    row: NewRecurringExpenseRow,
    now: Date,
    manager: EntityManager,
  ): Promise<RecurringExpenseRecord> {
    return this.table.insert(manager, row, now);
  }

  findOwned(
    userId: string,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RecurringExpenseRecord | undefined> {
    return this.table.findOwned(manager, userId, id);
  }

  /** The rule, locked against the job and other changes until the transaction ends. */
  lockOwned(
    userId: string,
    id: string,
    manager: EntityManager,
  ): Promise<RecurringExpenseRecord | undefined> {
    return this.table.lockOwned(manager, userId, id);
  }

  /** Sets the changed columns, adds one to the version and returns the row as stored. */
  update(
    userId: string,
    id: string,
    changes: RecurringExpenseChanges,
    now: Date,
    manager: EntityManager,
  ): Promise<RecurringExpenseRecord | undefined> {
    return this.table.update(manager, userId, id, changes, now);
  }

  /** Deletes the rule and its occurrence links; the expenses it created stay. */
  deleteOwned(
    userId: string,
    id: string,
    manager: EntityManager,
  ): Promise<RecurringExpenseRecord | undefined> {
    return this.table.deleteOwned(manager, userId, id);
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
      `${this.table.selectFrom()} WHERE ${where.join(' AND ')}
       ORDER BY r.created_at, r.id LIMIT $${params.length}`,
      params,
    );
    return this.table.records(rows);
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
      `${this.table.selectFrom()}
       WHERE r.id = $1 AND r.active AND r.next_occurrence_on <= $2
       FOR UPDATE SKIP LOCKED`,
      [id, today],
    );
    return this.table.records(rows)[0];
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
