import { AuditEventInput } from 'src/modules/audit/audit.types';
import { AuditEvent } from 'src/modules/audit/entities/audit-event.entity';
import { GENESIS_HASH } from 'src/modules/audit/chain/event-hash';
import { RefreshTokenState } from 'src/modules/auth/sessions/sessions.repository';
import { Session } from 'src/modules/auth/sessions/entities/session.entity';
import { User } from 'src/modules/auth/users/entities/user.entity';
import { BudgetRecord } from 'src/modules/expenses/budgets/budget.types';
import { ExpenseCategory } from 'src/modules/expenses/categories/entities/expense-category.entity';
import { RecurringExpenseRecord } from 'src/modules/expenses/recurring/recurring-expense.types';
import { SummaryRow } from 'src/modules/expenses/summaries/summary.types';

/**
 * Objects for unit specs: a complete, valid value with fixed defaults, and the overrides a
 * test is about. Rows a test needs in the database come from `ctx.newUser()` and the API
 * helpers instead. Defaults are fixed (no random ids, no `new Date()`), so a spec can assert
 * exact values; a test that depends on a value passes it, rather than relying on a default.
 */

const ids = {
  user: '5a1d7c2e-3b4f-4e6a-8c9d-0e1f2a3b4c5d',
  session: '9b2e4c6a-1d3f-4a5b-8c7d-0e9f1a2b3c4d',
  refreshToken: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
  category: 'c0a80101-0000-4000-8000-000000000001',
  recurringExpense: '7d0c3a55-1f7e-4d5e-9b0e-2b1f6c7d8e9f',
  budget: '6e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b',
} as const;

const CREATED = '2026-01-01T00:00:00.000Z';

function user(overrides: Partial<User> = {}): User {
  return Object.assign(new User(), {
    id: ids.user,
    email: 'ada@example.com',
    displayName: 'Ada',
    passwordHash: '$argon2id$v=19$m=4096,t=1,p=1$factory',
    role: 'user',
    status: 'active',
    emailVerifiedAt: new Date(CREATED),
    failedLoginCount: 0,
    lockoutLevel: 0,
    lockedUntil: null,
    baseCurrency: 'EUR',
    isDemo: false,
    createdAt: new Date(CREATED),
    updatedAt: new Date(CREATED),
    ...overrides,
  });
}

function session(overrides: Partial<Session> = {}): Session {
  return Object.assign(new Session(), {
    id: ids.session,
    userId: ids.user,
    delivery: 'bearer',
    createdAt: new Date('2026-03-01T12:00:00.000Z'),
    lastUsedAt: new Date('2026-03-01T12:00:00.000Z'),
    expiresAt: new Date('2026-03-31T12:00:00.000Z'),
    revokedAt: null,
    revokedReason: null,
    ip: '203.0.113.7',
    userAgent: 'curl/8',
    ...overrides,
  });
}

/** The presented refresh token as a refresh reads it: live and unspent, of a live session. */
function refreshTokenState(overrides: Partial<RefreshTokenState> = {}): RefreshTokenState {
  return {
    tokenId: ids.refreshToken,
    tokenExpiresAt: new Date('2026-03-10T12:00:00.000Z'),
    usedAt: null,
    successorSealed: null,
    sessionId: ids.session,
    sessionExpiresAt: new Date('2026-03-21T12:00:00.000Z'),
    sessionRevokedAt: null,
    delivery: 'bearer',
    userId: ids.user,
    userRole: 'user',
    userStatus: 'active',
    ...overrides,
  };
}

function category(overrides: Partial<ExpenseCategory> = {}): ExpenseCategory {
  return Object.assign(new ExpenseCategory(), {
    id: ids.category,
    userId: ids.user,
    parentId: null,
    name: 'Garden',
    defaultKey: null,
    archivedAt: null,
    createdAt: new Date(CREATED),
    updatedAt: new Date(CREATED),
    ...overrides,
  });
}

/** An active rule on the last day of each month from mid-January, not yet materialised. */
function recurringExpense(overrides: Partial<RecurringExpenseRecord> = {}): RecurringExpenseRecord {
  return {
    id: ids.recurringExpense,
    userId: ids.user,
    categoryId: ids.category,
    amount: '9.99',
    currency: 'EUR',
    payee: 'Streaming',
    note: null,
    tags: ['fun'],
    vehicleId: null,
    unit: 'month',
    interval: 1,
    dayOfMonth: 31,
    startDate: '2026-01-15',
    endDate: null,
    count: null,
    active: true,
    materialisedThrough: null,
    nextOccurrence: '2026-01-31',
    version: 1,
    createdAt: CREATED,
    updatedAt: CREATED,
    ...overrides,
  };
}

/** An overall monthly budget (no category) of 100.00 EUR from January 2026. */
function budget(overrides: Partial<BudgetRecord> = {}): BudgetRecord {
  return {
    id: ids.budget,
    userId: ids.user,
    categoryId: null,
    name: null,
    amount: '100.00',
    currency: 'EUR',
    rollover: 'none',
    startMonth: '2026-01',
    endMonth: null,
    version: 1,
    createdAt: CREATED,
    updatedAt: CREATED,
    ...overrides,
  };
}

/** A stored audit event, the first of its chain. */
function auditEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  const sequence = overrides.sequence ?? '1';
  return Object.assign(new AuditEvent(), {
    sequence,
    id: `00000000-0000-4000-8000-${sequence.padStart(12, '0')}`,
    occurredAt: new Date('2026-03-01T12:00:00.000Z'),
    actorType: 'user',
    actorId: ids.user,
    action: 'auth.login.succeeded',
    resourceType: 'user',
    resourceId: ids.user,
    outcome: 'success',
    requestId: 'req-1',
    ip: '203.0.113.7',
    userAgent: 'curl/8',
    details: {},
    subjectUserId: ids.user,
    prevHash: GENESIS_HASH,
    hash: 'b'.repeat(64),
    ...overrides,
  });
}

/** An event as a service hands it to AuditService.record. */
function auditEventInput(overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    action: 'expense.created',
    resourceType: 'expense',
    resourceId: 'e-1',
    ...overrides,
  };
}

/** What the summaries query answers for a period with no expenses. */
function summaryRow(overrides: Partial<SummaryRow> = {}): SummaryRow {
  return {
    baseCurrency: 'EUR',
    total: '0',
    count: 0,
    previousTotal: '0',
    previousCount: 0,
    unconverted: 0,
    previousUnconverted: 0,
    groupCount: 0,
    groups: [],
    ...overrides,
  };
}

export const factory = {
  ids,
  user,
  session,
  refreshTokenState,
  category,
  recurringExpense,
  budget,
  auditEvent,
  auditEventInput,
  summaryRow,
};
