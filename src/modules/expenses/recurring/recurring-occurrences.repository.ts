import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CalendarDate } from 'src/platform/dates/calendar-date';

/** The occurrences of rules that have been materialised: the exactly-once ledger. */
@Injectable()
export class RecurringOccurrencesRepository {
  /**
   * Records these occurrences of the rule as materialised and answers the dates that were not
   * recorded before, oldest first. ON CONFLICT DO NOTHING on the (rule, date) primary key: an
   * occurrence another transaction recorded first is left out (if that transaction is still
   * open, this statement waits for it and then leaves it out), so only the caller that recorded
   * a date creates its expense.
   */
  async claim(
    ruleId: string,
    dates: readonly CalendarDate[],
    now: Date,
    manager: EntityManager,
  ): Promise<CalendarDate[]> {
    if (dates.length === 0) return [];
    const rows = await manager.query<{ date: CalendarDate }[]>(
      `WITH claimed AS (
         INSERT INTO recurring_expense_occurrences (recurring_expense_id, occurs_on, created_at)
         SELECT $1, d, $3 FROM unnest($2::date[]) AS d
         ON CONFLICT DO NOTHING
         RETURNING occurs_on
       )
       SELECT to_char(occurs_on, 'YYYY-MM-DD') AS date FROM claimed ORDER BY occurs_on`,
      [ruleId, dates, now],
    );
    return rows.map((row) => row.date);
  }

  /** Names the expense each claimed occurrence became. */
  async link(
    ruleId: string,
    links: readonly { date: CalendarDate; expenseId: string }[],
    manager: EntityManager,
  ): Promise<void> {
    if (links.length === 0) return;
    await manager.query(
      `UPDATE recurring_expense_occurrences o SET expense_id = l.expense_id
       FROM unnest($2::date[], $3::uuid[]) AS l(occurs_on, expense_id)
       WHERE o.recurring_expense_id = $1 AND o.occurs_on = l.occurs_on`,
      [ruleId, links.map((link) => link.date), links.map((link) => link.expenseId)],
    );
  }
}
