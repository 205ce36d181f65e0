import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from 'src/platform/clock/clock';
import { calendarDateOf } from 'src/platform/dates/calendar-date';
import { AppException } from 'src/platform/errors/app.exception';
import { IfMatch } from 'src/platform/http/etag';
import { IdempotentRequest } from 'src/platform/idempotency/idempotent-request';
import { IdempotencyService } from 'src/platform/idempotency/idempotency.service';
import { normaliseAmount } from 'src/platform/money/money';
import { VersionedResource } from 'src/platform/owned-resources/versioned-resource';
import { decodeCreatedAtCursor } from 'src/platform/pagination/cursor';
import { Page, toPage } from 'src/platform/pagination/page';
import { AuditService } from 'src/modules/audit/audit.service';
import { BudgetActions } from 'src/modules/audit/audit-actions';
import { UsersService } from 'src/modules/auth/users/users.service';
import { BudgetAlertsJob } from 'src/modules/expenses/budgets/budget-alerts.job';
import { CalendarMonth, monthOf } from 'src/modules/expenses/budgets/budget-month';
import {
  budgetAuditSnapshot,
  budgetCursorKey,
  toBudgetResponse,
} from 'src/modules/expenses/budgets/budget-response';
import {
  BudgetRowChanges,
  BudgetsRepository,
} from 'src/modules/expenses/budgets/budgets.repository';
import {
  BudgetResponseDto,
  CreateBudgetDto,
  ListBudgetsQuery,
  UpdateBudgetDto,
} from 'src/modules/expenses/budgets/dto/budget.dto';
import { CategoriesService } from 'src/modules/expenses/categories/categories.service';

const BUDGET = new VersionedResource('budget');

/** Keeps the status query and the alert sweep bounded for any one user. */
export const MAX_BUDGETS_PER_USER = 100;

/**
 * Budgets: one per category (or overall) for any month, in the user's base currency, written
 * under a per-user lock so the overlap and count rules hold under concurrent requests; every
 * change in one transaction with its audit event, which also enqueues the alert check.
 */
@Injectable()
export class BudgetsService {
  constructor(
    private readonly budgets: BudgetsRepository,
    private readonly categoryRules: CategoriesService,
    private readonly users: UsersService,
    private readonly alertsJob: BudgetAlertsJob,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  create(
    userId: string,
    body: CreateBudgetDto,
    idempotent: IdempotentRequest | undefined,
  ): Promise<BudgetResponseDto> {
    return this.idempotency.run(idempotent, async (manager) => {
      // The user's row first (share-locked): the order a base-currency change locks them in.
      const baseCurrency = await this.users.getBaseCurrency(userId, manager);
      assertBaseCurrency(body.amount.currency, baseCurrency);
      await this.budgets.lockUserBudgets(userId, manager);
      const categoryId = body.categoryId ?? null;
      if (categoryId !== null)
        await this.categoryRules.assertAssignable(manager, userId, categoryId);
      const startMonth = body.startMonth ?? this.currentMonth();
      const endMonth = body.endMonth ?? null;
      assertMonthRange(startMonth, endMonth);
      if ((await this.budgets.countOwned(userId, manager)) >= MAX_BUDGETS_PER_USER) {
        throw new AppException(
          'UNPROCESSABLE',
          `You have ${MAX_BUDGETS_PER_USER} budgets, the most there can be; delete one first`,
        );
      }
      await this.assertNoOverlap(manager, userId, categoryId, startMonth, endMonth, null);
      const budget = await this.budgets.insert(
        {
          userId,
          categoryId,
          name: body.name ?? null,
          amount: normaliseAmount(body.amount.amount, body.amount.currency),
          currency: body.amount.currency,
          rollover: body.rollover ?? 'none',
          startMonth,
          endMonth,
        },
        this.clock.now(),
        manager,
      );
      await this.alertsJob.enqueueCheck(userId, manager);
      await this.audit.record(manager, {
        action: BudgetActions.BudgetCreated,
        resourceType: 'budget',
        resourceId: budget.id,
        details: budgetAuditSnapshot(budget),
      });
      return toBudgetResponse(budget);
    });
  }

  async get(userId: string, id: string): Promise<BudgetResponseDto> {
    return toBudgetResponse(BUDGET.found(await this.budgets.findOwned(userId, id)));
  }

  async list(userId: string, query: ListBudgetsQuery): Promise<Page<BudgetResponseDto>> {
    const after = query.cursor === undefined ? undefined : decodeCreatedAtCursor(query.cursor);
    const rows = await this.budgets.list(
      userId,
      { categoryId: query.categoryId, kind: query.kind, activeIn: query.activeIn },
      query.limit + 1,
      after,
    );
    return toPage(rows, query.limit, budgetCursorKey, toBudgetResponse);
  }

  /** Needs If-Match: a change made without knowing the current version could undo another. */
  async update(
    userId: string,
    id: string,
    ifMatch: IfMatch,
    body: UpdateBudgetDto,
  ): Promise<BudgetResponseDto> {
    const expected = BUDGET.requireIfMatch(ifMatch);
    const updated = await this.dataSource.transaction(async (manager) => {
      const baseCurrency = await this.users.getBaseCurrency(userId, manager);
      await this.budgets.lockUserBudgets(userId, manager);
      const current = BUDGET.found(await this.budgets.lockOwned(userId, id, manager));
      BUDGET.assertVersion(current, expected);
      const changed = Object.keys(body).filter(
        (field) => body[field as keyof UpdateBudgetDto] !== undefined,
      );
      // Nothing to change is not a change: no new version, no audit event.
      if (changed.length === 0) return current;

      const row: BudgetRowChanges = {};
      if (body.name !== undefined) row.name = body.name;
      if (body.rollover !== undefined) row.rollover = body.rollover;
      if (body.amount !== undefined) {
        assertBaseCurrency(body.amount.currency, baseCurrency);
        row.amount = normaliseAmount(body.amount.amount, body.amount.currency);
        row.currency = body.amount.currency;
      }
      const startMonth = body.startMonth ?? current.startMonth;
      const endMonth = body.endMonth !== undefined ? body.endMonth : current.endMonth;
      if (body.startMonth !== undefined || body.endMonth !== undefined) {
        assertMonthRange(startMonth, endMonth);
        await this.assertNoOverlap(manager, userId, current.categoryId, startMonth, endMonth, id);
        row.startMonth = startMonth;
        row.endMonth = endMonth;
      }
      const budget = BUDGET.found(
        await this.budgets.update(userId, id, row, this.clock.now(), manager),
      );
      await this.alertsJob.enqueueCheck(userId, manager);
      await this.audit.record(manager, {
        action: BudgetActions.BudgetUpdated,
        resourceType: 'budget',
        resourceId: id,
        details: { changed, version: budget.version, ...budgetAuditSnapshot(budget) },
      });
      return budget;
    });
    return toBudgetResponse(updated);
  }

  /** If-Match is optional here: deleting needs no knowledge of the current content. */
  async delete(userId: string, id: string, ifMatch: IfMatch): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      BUDGET.assertVersion(
        BUDGET.found(await this.budgets.lockOwned(userId, id, manager)),
        ifMatch,
      );
      const deleted = BUDGET.found(await this.budgets.deleteOwned(userId, id, manager));
      await this.audit.record(manager, {
        action: BudgetActions.BudgetDeleted,
        resourceType: 'budget',
        resourceId: id,
        details: budgetAuditSnapshot(deleted),
      });
    });
  }

  private currentMonth(): CalendarMonth {
    return monthOf(calendarDateOf(this.clock.now()));
  }

  private async assertNoOverlap(
    manager: EntityManager,
    userId: string,
    categoryId: string | null,
    startMonth: CalendarMonth,
    endMonth: CalendarMonth | null,
    exceptId: string | null,
  ): Promise<void> {
    const other = await this.budgets.findOverlapping(
      userId,
      categoryId,
      startMonth,
      endMonth,
      exceptId,
      manager,
    );
    if (other) {
      throw new AppException(
        'ALREADY_EXISTS',
        `Budget ${other} already covers ${categoryId === null ? 'everything' : 'this category'} ` +
          'in some of these months; end it first or pick other months',
        {
          errors: [
            {
              field: categoryId === null ? 'startMonth' : 'categoryId',
              messages: ['another budget on the same category covers some of these months'],
            },
          ],
        },
      );
    }
  }
}

function assertBaseCurrency(currency: string, baseCurrency: string): void {
  if (currency !== baseCurrency) {
    throw new AppException(
      'UNPROCESSABLE',
      `Budgets are kept in your base currency, ${baseCurrency}`,
      {
        errors: [
          {
            field: 'amount.currency',
            messages: [`amount.currency must be your base currency, ${baseCurrency}`],
          },
        ],
      },
    );
  }
}

function assertMonthRange(startMonth: CalendarMonth, endMonth: CalendarMonth | null): void {
  if (endMonth !== null && endMonth < startMonth) {
    throw new AppException('VALIDATION_FAILED', 'endMonth is before startMonth', {
      errors: [{ field: 'endMonth', messages: [`endMonth must not be before ${startMonth}`] }],
    });
  }
}
