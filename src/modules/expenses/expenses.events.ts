import { defineTransactionalEvent } from 'src/platform/events/transactional-events';

/** Some of a user's expenses were created, changed or deleted (the transaction is still open). */
export interface ExpensesChange {
  userId: string;
}

/**
 * Raised by the ExpenseWriter inside the transaction that writes expenses, before its audit
 * event: for work that must happen if and only if the write commits (budgets enqueue their
 * alert check here). The writer knows nothing of its handlers.
 */
export const ExpensesChanged = defineTransactionalEvent<ExpensesChange>('expenses.changed');
