import { SecurityActions } from 'src/modules/audit/audit-actions';
import { AuditModule } from 'src/modules/audit/audit.module';
import { AuditService } from 'src/modules/audit/audit.service';
import { AuditEventInput } from 'src/modules/audit/audit.types';
import { ListAuditEventsQuery } from 'src/modules/audit/dto/list-audit-events.dto';
import { Clock } from 'src/platform/clock/clock';
import { Page, PageQuery } from 'src/platform/pagination/page';
import { Principal } from 'src/platform/security/principal';
import { FakeClock } from 'test/support/fake-clock';
import { startTestContext, TestContext } from 'test/support/test-context';

const ALICE = '0a11ce00-0000-4000-8000-000000000001';
const BOB = '0b0b0000-0000-4000-8000-000000000002';
const KEY = '0e1e0000-0000-4000-8000-000000000003';
const HOUR_MS = 3_600_000;
const START = new Date('2026-03-01T00:00:00.000Z');

const asAlice: Principal = { kind: 'user', userId: ALICE, role: 'user' };
const asBob: Principal = { kind: 'user', userId: BOB, role: 'user' };

/** One event an hour from START, in this order; `name` is how the tests refer to it. */
const SEEDS: [name: string, event: AuditEventInput][] = [
  [
    'aliceLogin',
    {
      action: SecurityActions.LoginSucceeded,
      resourceType: 'user',
      resourceId: ALICE,
      actor: { type: 'user', id: ALICE },
      subjectUserId: ALICE,
    },
  ],
  [
    'aliceExpense',
    {
      action: 'expense.created',
      resourceType: 'expense',
      resourceId: 'x-1',
      actor: { type: 'user', id: ALICE },
      subjectUserId: ALICE,
    },
  ],
  [
    'aliceFailed',
    {
      action: SecurityActions.LoginFailed,
      resourceType: 'user',
      resourceId: ALICE,
      outcome: 'failure',
      actor: { type: 'anonymous', id: null },
      subjectUserId: ALICE,
    },
  ],
  [
    'aliceKey',
    {
      action: SecurityActions.ApiKeyCreated,
      resourceType: 'api_key',
      resourceId: KEY,
      actor: { type: 'user', id: ALICE },
      subjectUserId: ALICE,
    },
  ],
  [
    'lookalike',
    {
      action: 'apixkey.created',
      resourceType: 'api_key',
      resourceId: KEY,
      actor: { type: 'api_key', id: KEY },
      subjectUserId: ALICE,
    },
  ],
  [
    'bobLogin',
    {
      action: SecurityActions.LoginSucceeded,
      resourceType: 'user',
      resourceId: BOB,
      actor: { type: 'user', id: BOB },
      subjectUserId: BOB,
    },
  ],
  [
    'systemJob',
    {
      action: 'expense.recurring_created',
      resourceType: 'expense',
      resourceId: 'x-2',
      actor: { type: 'system', id: 'recurring-expenses' },
      subjectUserId: null,
    },
  ],
  [
    'bobPassword',
    {
      action: SecurityActions.PasswordChanged,
      resourceType: 'user',
      resourceId: BOB,
      actor: { type: 'user', id: BOB },
      subjectUserId: BOB,
    },
  ],
  [
    'aliceExpenseUpdate',
    {
      action: 'expense.updated',
      resourceType: 'expense',
      resourceId: 'x-1',
      actor: { type: 'user', id: ALICE },
      subjectUserId: ALICE,
    },
  ],
];

describe('audit queries on PostgreSQL', () => {
  let ctx: TestContext;
  let audit: AuditService;
  /** Event id by seed name. */
  const ids = new Map<string, string>();

  beforeAll(async () => {
    const clock = new FakeClock(START);
    ctx = await startTestContext([AuditModule], { overrides: [[Clock, clock]] });
    audit = ctx.moduleRef.get(AuditService);
    for (const [name, event] of SEEDS) {
      ids.set(name, (await audit.recordStandalone(event)).id);
      clock.advance(HOUR_MS);
    }
  });

  afterAll(async () => {
    await ctx.close();
  });

  /** Seed names, newest first, as a list answers. */
  function newestFirst(...names: string[]): string[] {
    return SEEDS.map(([name]) => name)
      .filter((name) => names.includes(name))
      .reverse();
  }

  function named(page: Page<{ id: string }>): string[] {
    const byId = new Map([...ids].map(([name, id]) => [id, name]));
    return page.data.map((event) => byId.get(event.id) ?? event.id);
  }

  function list(filters: Partial<ListAuditEventsQuery>): Promise<Page<{ id: string }>> {
    return audit.listEvents(Object.assign(new ListAuditEventsQuery(), { limit: 100, ...filters }));
  }

  it('lists every event newest first without filters', async () => {
    const page = await list({});
    expect(named(page)).toEqual(SEEDS.map(([name]) => name).reverse());
    expect(page.nextCursor).toBeNull();
  });

  it.each<[string, Partial<ListAuditEventsQuery>, string[]]>([
    [
      'an actor type',
      { actorType: 'user' },
      ['aliceLogin', 'aliceExpense', 'aliceKey', 'bobLogin', 'bobPassword', 'aliceExpenseUpdate'],
    ],
    [
      'an actor',
      { actorType: 'user', actorId: ALICE },
      ['aliceLogin', 'aliceExpense', 'aliceKey', 'aliceExpenseUpdate'],
    ],
    ['a job', { actorType: 'system', actorId: 'recurring-expenses' }, ['systemJob']],
    ['an exact action', { action: 'auth.login.succeeded' }, ['aliceLogin', 'bobLogin']],
    ['an action prefix', { action: 'auth.*' }, ['aliceLogin', 'aliceFailed', 'bobLogin']],
    ['a prefix whose underscore is literal', { action: 'api_key.*' }, ['aliceKey']],
    ['a longer prefix', { action: 'expense.recurring_created.*' }, []],
    [
      'a resource type',
      { resourceType: 'expense' },
      ['aliceExpense', 'systemJob', 'aliceExpenseUpdate'],
    ],
    [
      'a resource',
      { resourceType: 'expense', resourceId: 'x-1' },
      ['aliceExpense', 'aliceExpenseUpdate'],
    ],
    ['a subject', { subjectUserId: BOB }, ['bobLogin', 'bobPassword']],
    [
      'a time range, from inclusive and to exclusive',
      { from: '2026-03-01T02:00:00Z', to: '2026-03-01T05:00:00Z' },
      ['aliceFailed', 'aliceKey', 'lookalike'],
    ],
    [
      'a range given with offsets',
      { from: '2026-03-01T07:00:00+01:00' },
      ['systemJob', 'bobPassword', 'aliceExpenseUpdate'],
    ],
    [
      'several filters at once',
      { actorType: 'user', actorId: ALICE, action: 'expense.*', to: '2026-03-01T08:00:00Z' },
      ['aliceExpense'],
    ],
  ])('filters by %s', async (_, filters, expected) => {
    expect(named(await list(filters))).toEqual(newestFirst(...expected));
  });

  it('walks every event page by page, newest first, without repeats or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list({ limit: 4, cursor });
      seen.push(...named(page));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(SEEDS.map(([name]) => name).reverse());
  });

  it('pages within a filter', async () => {
    const first = await list({ limit: 2, actorType: 'user', actorId: ALICE });
    expect(named(first)).toEqual(['aliceExpenseUpdate', 'aliceKey']);
    const second = await list({
      limit: 2,
      actorType: 'user',
      actorId: ALICE,
      cursor: first.nextCursor!,
    });
    expect(named(second)).toEqual(['aliceExpense', 'aliceLogin']);
    expect(second.nextCursor).toBeNull();
  });

  it('shows a user their own security activity only', async () => {
    const page = await audit.listActivity(
      asAlice.userId,
      Object.assign(new PageQuery(), { limit: 20 }),
    );
    expect(named(page)).toEqual(newestFirst('aliceLogin', 'aliceFailed', 'aliceKey'));
    expect(page.data[0]).toEqual({
      id: ids.get('aliceKey'),
      occurredAt: '2026-03-01T03:00:00.000Z',
      action: 'api_key.created',
      outcome: 'success',
      ip: null,
      userAgent: null,
    });
    const bob = await audit.listActivity(
      asBob.userId,
      Object.assign(new PageQuery(), { limit: 20 }),
    );
    expect(named(bob)).toEqual(newestFirst('bobLogin', 'bobPassword'));
  });

  it('pages a user’s activity', async () => {
    const first = await audit.listActivity(
      asAlice.userId,
      Object.assign(new PageQuery(), { limit: 2 }),
    );
    expect(named(first)).toEqual(['aliceKey', 'aliceFailed']);
    const second = await audit.listActivity(
      asAlice.userId,
      Object.assign(new PageQuery(), { limit: 2, cursor: first.nextCursor! }),
    );
    expect(named(second)).toEqual(['aliceLogin']);
    expect(second.nextCursor).toBeNull();
  });
});
