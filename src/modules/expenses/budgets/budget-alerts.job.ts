import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from 'src/platform/clock/clock';
import { calendarDateOf } from 'src/platform/dates/calendar-date';
import { AppException } from 'src/platform/errors/app.exception';
import { TransactionalEvents } from 'src/platform/events/transactional-events';
import { JobsService } from 'src/platform/jobs/jobs.service';
import { BudgetAlertsService } from 'src/modules/expenses/budgets/budget-alerts.service';
import { CalendarMonth, monthOf } from 'src/modules/expenses/budgets/budget-month';
import { BudgetsRepository } from 'src/modules/expenses/budgets/budgets.repository';
import { ExpensesChanged } from 'src/modules/expenses/expenses.events';

export const CHECK_ALERTS_QUEUE = 'budgets.check-alerts';
export const SWEEP_ALERTS_QUEUE = 'budgets.sweep-alerts';
const SWEEP_BATCH_SIZE = 500;

/**
 * When the alert check runs. Two triggers:
 *
 * - After a change, for that user: every transaction that writes expenses (through the
 *   ExpenseWriter, so the HTTP routes, recurring expenses and imports alike) or creates or
 *   changes a budget enqueues `budgets.check-alerts` in that same transaction — the job exists if
 *   and only if the change commits (the writer raises ExpensesChanged, handled here; it knows
 *   nothing of budgets). Users without a current budget enqueue nothing (one indexed EXISTS).
 *   The queue is `stately` with the user id as singleton key: at most one check waits per user
 *   however many expenses an import writes, and one more may wait while one runs, so a change
 *   committed during a check is not missed.
 * - An hourly sweep (minute 7, JOBS_TIMEZONE) enqueues a check for every user with a budget in
 *   the current month: it catches what changes spending without an expense write (rates arriving
 *   for expenses that had none, a base-currency change, a new month's rollover) and any check
 *   that was lost.
 */
@Injectable()
export class BudgetAlertsJob implements OnModuleInit {
  private readonly logger = new Logger('BudgetAlertsJob');

  constructor(
    private readonly jobs: JobsService,
    private readonly events: TransactionalEvents,
    private readonly alerts: BudgetAlertsService,
    private readonly budgets: BudgetsRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.register<{ userId: string }>(
      CHECK_ALERTS_QUEUE,
      (job) => this.check(job.data.userId),
      { policy: 'stately', retryLimit: 5, retryDelaySeconds: 60, expireInSeconds: 300 },
    );
    this.jobs.register(SWEEP_ALERTS_QUEUE, () => this.sweep().then(() => undefined), {
      retryLimit: 2,
      expireInSeconds: 900,
    });
    this.jobs.schedule(SWEEP_ALERTS_QUEUE, '7 * * * *');
    this.events.on(ExpensesChanged, (manager, change) => this.enqueueCheck(change.userId, manager));
  }

  /** Enqueues the user's check in the caller's transaction, if they have a current budget. */
  async enqueueCheck(userId: string, manager: EntityManager): Promise<void> {
    if (!(await this.budgets.hasBudgetsFrom(userId, this.currentMonth(), manager))) return;
    await this.jobs.send(CHECK_ALERTS_QUEUE, { userId }, { singletonKey: userId, manager });
  }

  /** Enqueues a check for every user with a budget in the current month; how many. */
  async sweep(): Promise<number> {
    const month = this.currentMonth();
    let after: string | null = null;
    let enqueued = 0;
    for (;;) {
      const userIds = await this.budgets.findUserIdsActiveIn(month, after, SWEEP_BATCH_SIZE);
      for (const userId of userIds) {
        await this.jobs.send(CHECK_ALERTS_QUEUE, { userId }, { singletonKey: userId });
        enqueued += 1;
      }
      if (userIds.length < SWEEP_BATCH_SIZE) break;
      after = userIds[userIds.length - 1];
    }
    if (enqueued > 0) this.logger.log({ msg: 'Budget alert sweep', month, users: enqueued });
    return enqueued;
  }

  /** A user deleted since the job was queued has nothing left to check. */
  private async check(userId: string): Promise<void> {
    try {
      await this.alerts.checkUser(userId);
    } catch (error) {
      if (error instanceof AppException && error.code === 'NOT_FOUND') return;
      throw error;
    }
  }

  private currentMonth(): CalendarMonth {
    return monthOf(calendarDateOf(this.clock.now()));
  }
}
