import { isUUID } from 'class-validator';
import { AppException } from 'src/platform/errors/app.exception';
import { CursorValue, decodeCursor } from 'src/platform/pagination/cursor';
import { BudgetKeyset, BudgetRecord } from 'src/modules/expenses/budgets/budget.types';
import { BudgetResponseDto } from 'src/modules/expenses/budgets/dto/budget.dto';

/** What the API shows of a budget. */
export function toBudgetResponse(budget: BudgetRecord): BudgetResponseDto {
  return {
    id: budget.id,
    version: budget.version,
    name: budget.name,
    categoryId: budget.categoryId,
    amount: { amount: budget.amount, currency: budget.currency },
    rollover: budget.rollover,
    startMonth: budget.startMonth,
    endMonth: budget.endMonth,
    createdAt: budget.createdAt,
    updatedAt: budget.updatedAt,
  };
}

/** What the trail keeps of a budget: enough to see what changed, no free text. */
export function budgetAuditSnapshot(budget: BudgetRecord): Record<string, unknown> {
  return {
    categoryId: budget.categoryId,
    amount: budget.amount,
    currency: budget.currency,
    rollover: budget.rollover,
    startMonth: budget.startMonth,
    endMonth: budget.endMonth,
  };
}

const INSTANT_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function budgetCursorKey(budget: BudgetRecord): CursorValue[] {
  return [budget.createdAt, budget.id];
}

export function decodeBudgetCursor(cursor: string): BudgetKeyset {
  const [createdAt, id] = decodeCursor(cursor, 2);
  if (
    typeof createdAt !== 'string' ||
    !INSTANT_MS.test(createdAt) ||
    Number.isNaN(Date.parse(createdAt)) ||
    typeof id !== 'string' ||
    !isUUID(id)
  ) {
    throw new AppException('VALIDATION_FAILED', 'The cursor is not valid for this list', {
      errors: [{ field: 'cursor', messages: ['cursor must be a value returned as nextCursor'] }],
    });
  }
  return { createdAt, id };
}
