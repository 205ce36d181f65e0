/**
 * The security events the trail must hold, by name: callers write `SecurityActions.LoginFailed`,
 * never a string that a typo could split into two actions. Domain modules record their own
 * dotted actions (`expense.created`) beside these.
 */
export const SecurityActions = {
  LoginSucceeded: 'auth.login.succeeded',
  LoginFailed: 'auth.login.failed',
  /** An account was locked for a while after repeated failures. */
  AccountLockedOut: 'auth.login.locked_out',
  Logout: 'auth.logout',
  /** An already-used refresh token was presented; its whole session family was revoked. */
  RefreshTokenReused: 'auth.refresh_token.reused',
  SessionRevoked: 'auth.session.revoked',
  AccountRegistered: 'account.registered',
  PasswordChanged: 'account.password.changed',
  PasswordResetRequested: 'account.password_reset.requested',
  PasswordResetCompleted: 'account.password_reset.completed',
  EmailVerified: 'account.email.verified',
  RoleChanged: 'account.role.changed',
  AccountDeactivated: 'account.deactivated',
  AccountReactivated: 'account.reactivated',
  AccountDeleted: 'account.deleted',
  ApiKeyCreated: 'api_key.created',
  ApiKeyRevoked: 'api_key.revoked',
} as const;

export type SecurityAction = (typeof SecurityActions)[keyof typeof SecurityActions];

/** What a user sees of their own account at `GET /me/activity`. */
export const SECURITY_ACTIONS: readonly SecurityAction[] = Object.values(SecurityActions);

/** Written by the trail itself. */
export const AuditActions = {
  /** Old events were pruned; details name the cut-off and how far the chain was cut. */
  ChainPruned: 'audit.chain.pruned',
} as const;

/** Account settings that are not security events (they stay out of `GET /me/activity`). */
export const AccountActions = {
  ProfileUpdated: 'account.profile.updated',
  /** Details: from, to, and how many expenses were re-based and how. */
  BaseCurrencyChanged: 'account.base_currency.changed',
} as const;

/** What the expenses module records. */
export const ExpenseActions = {
  ExpenseCreated: 'expense.created',
  ExpenseUpdated: 'expense.updated',
  ExpenseDeleted: 'expense.deleted',
  /** The FX refresh job gave base amounts to expenses that were waiting for a rate. */
  BaseAmountsFilled: 'expense.base_amounts.filled',
  CategoryCreated: 'expense_category.created',
  CategoryRenamed: 'expense_category.renamed',
  CategoryArchived: 'expense_category.archived',
  CategoryUnarchived: 'expense_category.unarchived',
  /** One event per committed CSV import (not one per row); details hold its counts. */
  ImportCommitted: 'expense_import.committed',
  /** One event per undone import; details say how many expenses were deleted. */
  ImportUndone: 'expense_import.undone',
  /** Details: the schedule and template (no free text). */
  RecurringExpenseCreated: 'recurring_expense.created',
  /** Details: the fields changed (`active` for a pause or resume), then as created. */
  RecurringExpenseUpdated: 'recurring_expense.updated',
  /** The rule only; the expenses it created stay, each with its own events. */
  RecurringExpenseDeleted: 'recurring_expense.deleted',
} as const;

/** What the budgets of the expenses module record. */
export const BudgetActions = {
  BudgetCreated: 'budget.created',
  BudgetUpdated: 'budget.updated',
  BudgetDeleted: 'budget.deleted',
  /** An alert mail went out: details name the month and the threshold(s) it reports. */
  AlertSent: 'budget.alert.sent',
} as const;
