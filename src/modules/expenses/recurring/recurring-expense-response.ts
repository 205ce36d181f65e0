import { RecurringExpenseResponseDto } from 'src/modules/expenses/recurring/dto/recurring-expense.dto';
import { RecurringExpenseRecord } from 'src/modules/expenses/recurring/recurring-expense.types';

/** What the API shows of a rule; a paused rule has no next occurrence. */
export function toRecurringExpenseResponse(
  rule: RecurringExpenseRecord,
): RecurringExpenseResponseDto {
  return {
    id: rule.id,
    version: rule.version,
    amount: { amount: rule.amount, currency: rule.currency },
    categoryId: rule.categoryId,
    payee: rule.payee,
    note: rule.note,
    tags: rule.tags,
    vehicleId: rule.vehicleId,
    unit: rule.unit,
    interval: rule.interval,
    dayOfMonth: rule.dayOfMonth,
    startDate: rule.startDate,
    endDate: rule.endDate,
    count: rule.count,
    active: rule.active,
    materialisedThrough: rule.materialisedThrough,
    nextOccurrence: rule.active ? rule.nextOccurrence : null,
    createdAt: rule.createdAt,
    updatedAt: rule.updatedAt,
  };
}

/** What the audit trail keeps of a rule: enough to see what changed, nothing free-text. */
export function recurringAuditSnapshot(rule: RecurringExpenseRecord): Record<string, unknown> {
  return {
    amount: rule.amount,
    currency: rule.currency,
    categoryId: rule.categoryId,
    unit: rule.unit,
    interval: rule.interval,
    dayOfMonth: rule.dayOfMonth,
    startDate: rule.startDate,
    endDate: rule.endDate,
    count: rule.count,
    active: rule.active,
  };
}
