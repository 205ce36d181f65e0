import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from 'src/config/app-config';
import { Clock } from 'src/platform/clock/clock';
import { CalendarDate, calendarDateIn } from 'src/platform/dates/calendar-date';
import { AppException } from 'src/platform/errors/app.exception';
import { AuditActor } from 'src/modules/audit/audit.types';
import { ExpenseInput, ExpenseWriter } from 'src/modules/expenses/expense-writer.service';
import { dueBatch } from 'src/modules/expenses/recurring/materialisation-plan';
import {
  progressOf,
  RecurringExpenseRecord,
} from 'src/modules/expenses/recurring/recurring-expense.types';
import { RecurringExpensesRepository } from 'src/modules/expenses/recurring/recurring-expenses.repository';
import { RecurringOccurrencesRepository } from 'src/modules/expenses/recurring/recurring-occurrences.repository';

export const MATERIALISE_RECURRING_QUEUE = 'expenses.materialise-recurring';
const JOB_ACTOR: AuditActor = { type: 'system', id: MATERIALISE_RECURRING_QUEUE };
/** Occurrences per transaction: a long catch-up holds the audit chain's lock in short turns. */
const OCCURRENCES_PER_STEP = 100;
const RULES_PER_QUERY = 500;

export interface MaterialiseOptions {
  /** The day to materialise through; default: today in JOBS_TIMEZONE by the clock. */
  today?: CalendarDate;
  /** Only this rule (if it is due). */
  ruleId?: string;
  /** Stops between rules once aborted (the job expired or the instance is shutting down). */
  signal?: AbortSignal;
}

export interface MaterialiseResult {
  /** The day materialised through. */
  today: CalendarDate;
  /** Rules this run advanced. */
  rules: number;
  /** Expenses it created. */
  created: number;
  /** Rules that could not be materialised (their category was archived, …); they stay due. */
  failed: { ruleId: string; code: string; detail: string }[];
}

/**
 * Turns due occurrences of recurring expenses into expenses, exactly once however many runs
 * overlap (a rerun, a retry, two instances at the same moment).
 *
 * How: each step is ONE transaction per rule that (1) locks the rule with FOR UPDATE SKIP
 * LOCKED and re-reads whether it is still due, (2) records the due (rule, date) pairs in
 * recurring_expense_occurrences with INSERT … ON CONFLICT DO NOTHING on their primary key,
 * (3) moves the rule's watermark past them, (4) creates an expense through
 * ExpenseWriter.createMany for exactly the pairs that step (2) recorded, with their audit
 * events, and (5) links each pair to its expense. It all commits or none of it does.
 *
 * Why both a lock and a unique key: the lock keeps two workers from doing the same rule's
 * work twice (the second skips the locked rule rather than wait, and a later look finds it
 * no longer due), while the primary key is what guarantees the outcome even if the lock were
 * bypassed — a second transaction recording the same occurrence waits for the first and then
 * records nothing, so it creates no expense. The watermark keeps reruns cheap: a rule dealt
 * with through today is not selected again.
 */
@Injectable()
export class RecurringMaterialiser {
  private readonly logger = new Logger('RecurringExpenses');

  constructor(
    private readonly rules: RecurringExpensesRepository,
    private readonly occurrences: RecurringOccurrencesRepository,
    private readonly writer: ExpenseWriter,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The calendar day in JOBS_TIMEZONE, the zone the daily schedule is read in. */
  today(): CalendarDate {
    return calendarDateIn(this.clock.now(), this.config.jobs.timezone);
  }

  /**
   * Materialises every occurrence due on or before `today` (default: today by the clock) of
   * every active rule, or of the one rule `ruleId`. A rule that fails for a reason of its own
   * (an archived category) is reported and left due; a database failure throws, and the job
   * is retried.
   */
  async materialiseDue(options: MaterialiseOptions = {}): Promise<MaterialiseResult> {
    const today = options.today ?? this.today();
    const result: MaterialiseResult = { today, rules: 0, created: 0, failed: [] };
    let afterId: string | null = null;
    for (;;) {
      const ids: string[] =
        options.ruleId !== undefined
          ? [options.ruleId]
          : await this.rules.findDueIds(today, afterId, RULES_PER_QUERY);
      for (const id of ids) {
        if (options.signal?.aborted) return this.report(result);
        await this.materialiseRule(id, today, result);
      }
      if (options.ruleId !== undefined || ids.length < RULES_PER_QUERY) {
        return this.report(result);
      }
      afterId = ids[ids.length - 1];
    }
  }

  /**
   * Runs the rule's steps until it is dealt with through today, adding to `result`. A failure
   * of the rule's own rolls back only the step it happened in; earlier steps stay done.
   */
  private async materialiseRule(
    id: string,
    today: CalendarDate,
    result: MaterialiseResult,
  ): Promise<void> {
    let counted = false;
    try {
      for (;;) {
        const step = await this.dataSource.transaction((manager) =>
          this.materialiseStep(id, today, manager),
        );
        if (!step) return;
        if (!counted) result.rules += 1;
        counted = true;
        result.created += step.created;
        if (!step.more) return;
      }
    } catch (error) {
      if (!(error instanceof AppException)) throw error;
      result.failed.push({ ruleId: id, code: error.code, detail: error.detail ?? '' });
    }
  }

  /** One transaction: at most OCCURRENCES_PER_STEP occurrences of the rule, if it is due. */
  private async materialiseStep(
    id: string,
    today: CalendarDate,
    manager: EntityManager,
  ): Promise<{ created: number; more: boolean } | undefined> {
    const rule = await this.rules.lockIfDue(id, today, manager);
    if (!rule) return undefined;
    const batch = dueBatch(progressOf(rule), today, OCCURRENCES_PER_STEP);
    if (!batch) return undefined;
    const claimed = await this.occurrences.claim(rule.id, batch.dates, this.clock.now(), manager);
    await this.rules.advance(rule.id, batch.materialisedThrough, batch.nextOccurrence, manager);
    const expenses = await this.writer.createMany(
      manager,
      rule.userId,
      claimed.map((date) => expenseOf(rule, date)),
      { audit: true, auditDetails: { recurringExpenseId: rule.id }, auditActor: JOB_ACTOR },
    );
    await this.occurrences.link(
      rule.id,
      expenses.map((expense, index) => ({ date: claimed[index], expenseId: expense.id })),
      manager,
    );
    return { created: expenses.length, more: batch.more };
  }

  private report(result: MaterialiseResult): MaterialiseResult {
    for (const failure of result.failed) {
      this.logger.warn({ msg: 'Recurring expense not materialised', ...failure });
    }
    if (result.created > 0 || result.failed.length > 0) {
      this.logger.log({
        msg: 'Recurring expenses materialised',
        today: result.today,
        rules: result.rules,
        created: result.created,
        failed: result.failed.length,
      });
    }
    return result;
  }
}

function expenseOf(rule: RecurringExpenseRecord, date: CalendarDate): ExpenseInput {
  return {
    amount: rule.amount,
    currency: rule.currency,
    date,
    categoryId: rule.categoryId,
    payee: rule.payee,
    note: rule.note,
    tags: rule.tags,
    vehicleId: rule.vehicleId,
  };
}
