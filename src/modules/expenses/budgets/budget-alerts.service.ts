import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from 'src/platform/clock/clock';
import { MailService } from 'src/platform/mail/mail.service';
import { AuditService } from 'src/modules/audit/audit.service';
import { BudgetActions } from 'src/modules/audit/audit-actions';
import { UsersService } from 'src/modules/auth/users/users.service';
import { BudgetAlertsRepository } from 'src/modules/expenses/budgets/budget-alerts.repository';
import { CalendarMonth } from 'src/modules/expenses/budgets/budget-month';
import {
  BudgetStatusService,
  BudgetStatusView,
} from 'src/modules/expenses/budgets/budget-status.service';
import { AlertThreshold } from 'src/modules/expenses/budgets/budget.types';
import { budgetAlertMail } from 'src/modules/expenses/budgets/mail/budget-alert.mail';
import { CategoriesService } from 'src/modules/expenses/categories/categories.service';

export const ALERT_ACTOR = { type: 'system', id: 'budgets.check-alerts' } as const;

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export interface SentAlert {
  budgetId: string;
  month: CalendarMonth;
  /** Thresholds this check claimed; one mail reports the highest. */
  thresholds: AlertThreshold[];
}

/**
 * Mails a user when a budget reaches 80 % and when it reaches 100 % of what is available in the
 * current month, once per budget, month and threshold however often and however concurrently
 * the check runs. Only the current month alerts: a change to a past month is history, not news
 * (its effect on the current month through rollover does count).
 */
@Injectable()
export class BudgetAlertsService {
  private readonly logger = new Logger('BudgetAlerts');

  constructor(
    private readonly status: BudgetStatusService,
    private readonly alerts: BudgetAlertsRepository,
    private readonly categories: CategoriesService,
    private readonly users: UsersService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * Each budget with a threshold reached and not yet claimed gets one transaction: claim the
   * (budget, month, threshold) rows, send the mail, record the audit event, commit. A concurrent
   * check waits on the claimed rows and then finds them taken, so it sends nothing; a failed
   * send rolls the claim back and throws, and the job's retry sends it. What cannot be excluded
   * is a crash after the SMTP server took the message and before the commit: the retry then
   * sends it again (at least once beats at most once for a warning about money).
   *
   * A budget that jumps past both thresholds at once gets one mail, for 100 %, and both are
   * claimed. A budget whose amount is not in the base currency (currencyMismatch) is skipped.
   */
  async checkUser(userId: string): Promise<SentAlert[]> {
    const snapshot = await this.status.currentSnapshot(userId);
    const reached = snapshot.views.filter(
      (view) => !view.currencyMismatch && view.status.thresholdsReached.length > 0,
    );
    if (reached.length === 0) return [];
    const alreadySent = await this.alerts.findSent(
      reached.map((view) => view.budget.id),
      snapshot.month,
    );
    const due = reached
      .map((view) => ({
        view,
        thresholds: view.status.thresholdsReached.filter(
          (threshold) => !alreadySent.has(`${view.budget.id}:${threshold}`),
        ),
      }))
      .filter((item) => item.thresholds.length > 0);
    if (due.length === 0) return [];

    const profile = await this.users.getProfile(userId);
    const sent: SentAlert[] = [];
    for (const { view, thresholds } of due) {
      const claimed = await this.dataSource.transaction(async (manager) => {
        const claimedNow = await this.alerts.claim(
          userId,
          view.budget.id,
          snapshot.month,
          thresholds,
          this.clock.now(),
          manager,
        );
        if (claimedNow.length === 0) return claimedNow;
        const threshold = claimedNow[claimedNow.length - 1];
        await this.mail.send(profile.email, budgetAlertMail, {
          recipient: profile.displayName,
          budget: await this.labelOf(userId, view),
          month: monthLabel(snapshot.month),
          threshold,
          currency: snapshot.baseCurrency,
          spent: view.status.spent,
          budgeted: view.status.budgeted,
          rolledOver: view.status.rolledOver,
          available: view.status.available,
          remaining: view.status.remaining,
          percentUsed: view.status.percentUsed,
          projected: view.status.projected,
          unconvertedExpenses: view.status.unconvertedExpenses,
        });
        await this.audit.record(manager, {
          action: BudgetActions.AlertSent,
          resourceType: 'budget',
          resourceId: view.budget.id,
          actor: ALERT_ACTOR,
          subjectUserId: userId,
          details: {
            month: snapshot.month,
            thresholds: claimedNow,
            percentUsed: view.status.percentUsed,
            spent: view.status.spent,
            available: view.status.available,
            currency: snapshot.baseCurrency,
          },
        });
        return claimedNow;
      });
      if (claimed.length > 0) {
        sent.push({ budgetId: view.budget.id, month: snapshot.month, thresholds: claimed });
      }
    }
    if (sent.length > 0) this.logger.log({ msg: 'Budget alerts sent', userId, count: sent.length });
    return sent;
  }

  private async labelOf(userId: string, view: BudgetStatusView): Promise<string> {
    if (view.budget.name !== null) return view.budget.name;
    if (view.budget.categoryId === null) return 'Overall';
    return (await this.categories.nameOf(userId, view.budget.categoryId)) ?? 'Category';
  }
}

function monthLabel(month: CalendarMonth): string {
  const [year, number] = month.split('-');
  return `${MONTH_NAMES[Number(number) - 1]} ${year}`;
}
