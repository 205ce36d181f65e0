import { CursorValue } from 'src/platform/pagination/cursor';
import { BudgetRecord } from 'src/modules/expenses/budgets/budget.types';
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

export function budgetCursorKey(budget: BudgetRecord): CursorValue[] {
  return [budget.createdAt, budget.id];
}
