import { defineTransactionalEvent } from 'src/platform/events/transactional-events';

export interface BaseCurrencyChange {
  userId: string;
  from: string;
  to: string;
}

/**
 * Raised inside the transaction that changes a user's base currency, after the user's row is
 * locked and updated and before the audit event: whatever keeps amounts in the base currency
 * (expenses, budgets) re-bases them here, so totals are never in two currencies at once. Each
 * handler answers details for the audit event.
 */
export const BaseCurrencyChanged = defineTransactionalEvent<
  BaseCurrencyChange,
  Record<string, unknown>
>('users.base-currency-changed');
