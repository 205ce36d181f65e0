import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from 'src/config/app-config';
import { Clock } from 'src/platform/clock/clock';
import { CalendarDate, calendarDateIn } from 'src/platform/dates/calendar-date';
import { IfMatch } from 'src/platform/http/etag';
import { IdempotentRequest } from 'src/platform/idempotency/idempotent-request';
import { IdempotencyService } from 'src/platform/idempotency/idempotency.service';
import { normaliseAmount } from 'src/platform/money/money';
import { VersionedResource } from 'src/platform/owned-resources/versioned-resource';
import { decodeCreatedAtCursor } from 'src/platform/pagination/cursor';
import { Page, toPage } from 'src/platform/pagination/page';
import { AuditService } from 'src/modules/audit/audit.service';
import { ExpenseActions } from 'src/modules/audit/audit-actions';
import { CategoriesService } from 'src/modules/expenses/categories/categories.service';
import { cleanText, normaliseTags } from 'src/modules/expenses/expense-values';
import {
  CreateRecurringExpenseDto,
  ListRecurringExpensesQuery,
  RecurrenceDto,
  RecurrencePreviewDto,
  RecurringExpenseResponseDto,
  UpdateRecurringExpenseDto,
} from 'src/modules/expenses/recurring/dto/recurring-expense.dto';
import {
  nextOccurrence,
  previewDates,
  watermarkOnResume,
} from 'src/modules/expenses/recurring/materialisation-plan';
import { assertValidRecurrenceRule } from 'src/modules/expenses/recurring/recurrence';
import {
  progressOf,
  RecurrenceFields,
  recurrenceOf,
  RecurringExpenseRecord,
} from 'src/modules/expenses/recurring/recurring-expense.types';
import {
  recurringAuditSnapshot,
  toRecurringExpenseResponse,
} from 'src/modules/expenses/recurring/recurring-expense-response';
import {
  RecurringExpenseChanges,
  RecurringExpensesRepository,
} from 'src/modules/expenses/recurring/recurring-expenses.repository';

const RULE = new VersionedResource('recurring expense');

const SCHEDULE_FIELDS = [
  'unit',
  'interval',
  'dayOfMonth',
  'startDate',
  'endDate',
  'count',
] as const;

/**
 * The recurring-expense routes' rules. A rule is a template and a schedule; the daily job
 * (RecurringMaterialiser) turns its occurrences into expenses. Changing a rule never touches
 * the expenses it already created, and never creates again an occurrence up to its watermark
 * (`materialisedThrough`): a new template or schedule applies to occurrences after it.
 */
@Injectable()
export class RecurringExpensesService {
  constructor(
    private readonly rules: RecurringExpensesRepository,
    private readonly categoryRules: CategoriesService,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  create(
    userId: string,
    body: CreateRecurringExpenseDto,
    idempotent: IdempotentRequest | undefined,
  ): Promise<RecurringExpenseResponseDto> {
    const schedule = scheduleOf(body);
    assertValidRecurrenceRule(recurrenceOf(schedule));
    return this.idempotency.run(idempotent, async (manager) => {
      await this.categoryRules.assertAssignable(manager, userId, body.categoryId);
      const rule = await this.rules.insert(
        {
          userId,
          categoryId: body.categoryId,
          amount: normaliseAmount(body.amount.amount, body.amount.currency),
          currency: body.amount.currency,
          payee: cleanText(body.payee),
          note: cleanText(body.note),
          tags: normaliseTags(body.tags ?? []),
          vehicleId: body.vehicleId ?? null,
          ...schedule,
          active: body.active ?? true,
          materialisedThrough: null,
          nextOccurrence: nextOccurrence({
            rule: recurrenceOf(schedule),
            materialisedThrough: null,
          }),
        },
        this.clock.now(),
        manager,
      );
      await this.audit.record(manager, {
        action: ExpenseActions.RecurringExpenseCreated,
        resourceType: 'recurring_expense',
        resourceId: rule.id,
        details: recurringAuditSnapshot(rule),
      });
      return toRecurringExpenseResponse(rule);
    });
  }

  async get(userId: string, id: string): Promise<RecurringExpenseResponseDto> {
    return toRecurringExpenseResponse(await this.findOwned(userId, id));
  }

  async list(
    userId: string,
    query: ListRecurringExpensesQuery,
  ): Promise<Page<RecurringExpenseResponseDto>> {
    const rows = await this.rules.list(userId, {
      active: query.active === undefined ? undefined : query.active === 'true',
      limit: query.limit + 1,
      after: query.cursor === undefined ? undefined : decodeCreatedAtCursor(query.cursor),
    });
    return toPage(rows, query.limit, (row) => [row.createdAt, row.id], toRecurringExpenseResponse);
  }

  /**
   * Needs If-Match. Pausing stops materialisation at once; resuming skips what fell due while
   * paused (occurrences before today that were not materialised). A schedule change moves the
   * next occurrence, never the watermark.
   */
  async update(
    userId: string,
    id: string,
    ifMatch: IfMatch,
    body: UpdateRecurringExpenseDto,
  ): Promise<RecurringExpenseResponseDto> {
    const expected = RULE.requireIfMatch(ifMatch);
    return this.dataSource.transaction(async (manager) => {
      const current = RULE.found(await this.rules.lockOwned(userId, id, manager));
      RULE.assertVersion(current, expected);
      const changes = this.changesOf(current, body);
      const changed = Object.keys(changes);
      if (changed.length === 0) return toRecurringExpenseResponse(current);

      const merged = { ...current, ...changes };
      if (SCHEDULE_FIELDS.some((field) => field in changes)) {
        assertValidRecurrenceRule(recurrenceOf(merged));
      }
      if (changes.categoryId !== undefined) {
        await this.categoryRules.assertAssignable(manager, userId, changes.categoryId);
      }
      if (changes.active === true) {
        changes.materialisedThrough = watermarkOnResume(progressOf(merged), this.today());
      }
      changes.nextOccurrence = nextOccurrence({
        rule: recurrenceOf(merged),
        materialisedThrough: changes.materialisedThrough ?? current.materialisedThrough,
      });
      const updated = RULE.found(
        await this.rules.update(userId, id, changes, this.clock.now(), manager),
      );
      await this.audit.record(manager, {
        action: ExpenseActions.RecurringExpenseUpdated,
        resourceType: 'recurring_expense',
        resourceId: id,
        details: { changed, version: updated.version, ...recurringAuditSnapshot(updated) },
      });
      return toRecurringExpenseResponse(updated);
    });
  }

  /** Deletes the rule; the expenses it created stay. If-Match is optional. */
  async delete(userId: string, id: string, ifMatch: IfMatch): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const current = RULE.found(await this.rules.lockOwned(userId, id, manager));
      RULE.assertVersion(current, ifMatch);
      await this.rules.deleteOwned(userId, id, manager);
      await this.audit.record(manager, {
        action: ExpenseActions.RecurringExpenseDeleted,
        resourceType: 'recurring_expense',
        resourceId: id,
        details: recurringAuditSnapshot(current),
      });
    });
  }

  async preview(userId: string, id: string, count: number): Promise<RecurrencePreviewDto> {
    const rule = await this.findOwned(userId, id);
    return { dates: previewDates(progressOf(rule), this.today(), count) };
  }

  /** What a rule with this schedule would create, from its start date. */
  previewUnsaved(body: RecurrenceDto, count: number): RecurrencePreviewDto {
    const rule = recurrenceOf(scheduleOf(body));
    assertValidRecurrenceRule(rule);
    return {
      dates: previewDates({ rule, active: true, materialisedThrough: null }, this.today(), count),
    };
  }

  /** The calendar day in JOBS_TIMEZONE, as the job counts days. */
  private today(): CalendarDate {
    return calendarDateIn(this.clock.now(), this.config.jobs.timezone);
  }

  private async findOwned(userId: string, id: string): Promise<RecurringExpenseRecord> {
    return RULE.found(await this.rules.findOwned(userId, id));
  }

  /** The fields the body changes, normalised; nothing for a value equal to the current one. */
  private changesOf(
    current: RecurringExpenseRecord,
    body: UpdateRecurringExpenseDto,
  ): RecurringExpenseChanges {
    const proposed: RecurringExpenseChanges = {
      categoryId: body.categoryId,
      payee: body.payee === undefined ? undefined : cleanText(body.payee),
      note: body.note === undefined ? undefined : cleanText(body.note),
      tags: body.tags === undefined ? undefined : normaliseTags(body.tags),
      vehicleId: body.vehicleId,
      unit: body.unit,
      interval: body.interval,
      dayOfMonth: body.dayOfMonth,
      startDate: body.startDate,
      endDate: body.endDate,
      count: body.count,
      active: body.active,
    };
    if (body.amount !== undefined) {
      proposed.amount = normaliseAmount(body.amount.amount, body.amount.currency);
      proposed.currency = body.amount.currency;
    }
    const changes: RecurringExpenseChanges = {};
    for (const [field, value] of Object.entries(proposed) as [
      keyof RecurringExpenseChanges,
      unknown,
    ][]) {
      if (value !== undefined && JSON.stringify(value) !== JSON.stringify(current[field])) {
        (changes as Record<string, unknown>)[field] = value;
      }
    }
    // An amount is its digits and its currency together.
    if (changes.amount !== undefined || changes.currency !== undefined) {
      changes.amount = proposed.amount;
      changes.currency = proposed.currency;
    }
    return changes;
  }
}

function scheduleOf(body: RecurrenceDto): RecurrenceFields {
  return {
    unit: body.unit,
    interval: body.interval,
    dayOfMonth: body.dayOfMonth ?? null,
    startDate: body.startDate,
    endDate: body.endDate ?? null,
    count: body.count ?? null,
  };
}
