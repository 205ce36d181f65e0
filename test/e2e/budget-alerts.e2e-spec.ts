import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { MailDeliveryError } from 'src/platform/mail/mail.service';
import { BudgetAlertsJob } from 'src/modules/expenses/budgets/budget-alerts.job';
import { BudgetAlertsService } from 'src/modules/expenses/budgets/budget-alerts.service';
import { newUser, TestUser } from 'test/support/auth';
import { auditActions } from 'test/support/expenses';
import { call, categoriesOf, createExpense } from 'test/support/expenses-api';
import { ReceivedMail, SmtpSink } from 'test/support/smtp-sink';
import { startTestApp, TestApp } from 'test/support/test-app';

/**
 * Alert mails through the real pipeline: an expense written over HTTP enqueues the check in its
 * transaction, a job worker runs it, and the mail reaches an SMTP server. Expenses are dated
 * today, so they fall in the current month the check looks at.
 */
describe('budget alerts', () => {
  let sink: SmtpSink;
  let ctx: TestApp;
  let dataSource: DataSource;
  let alerts: BudgetAlertsService;
  const today = (): string => new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    sink = await SmtpSink.start();
    ctx = await startTestApp({ SMTP_URL: sink.url, JOBS_WORKERS: 'true' });
    dataSource = ctx.app.get(DataSource);
    alerts = ctx.app.get(BudgetAlertsService);
  });

  afterAll(async () => {
    await ctx?.close();
    await sink?.stop();
  });

  const mailsTo = (user: TestUser): ReceivedMail[] =>
    sink.messages.filter((mail) => mail.recipients.includes(user.email));

  /** Until no check for the user waits or runs, then until no more mail arrives. */
  async function checksSettled(user: TestUser, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [{ pending }] = await dataSource.query<{ pending: number }[]>(
        `SELECT count(*)::int AS pending FROM pgboss.job
         WHERE name = 'budgets.check-alerts' AND singleton_key = $1
           AND state IN ('created', 'retry', 'active')`,
        [user.id],
      );
      if (pending === 0) break;
      if (Date.now() > deadline) throw new Error(`${pending} check(s) still pending`);
      await sleep(100);
    }
    await sink.settle();
  }

  async function sentRows(budgetId: string): Promise<number[]> {
    const rows = await dataSource.query<{ threshold: number }[]>(
      'SELECT threshold FROM budget_alerts WHERE budget_id = $1 ORDER BY threshold',
      [budgetId],
    );
    return rows.map((row) => row.threshold);
  }

  async function setUp(
    amount: string,
    name?: string,
  ): Promise<{ user: TestUser; budgetId: string; spend: (amount: string) => Promise<void> }> {
    const user = await newUser(ctx);
    const groceries = (await categoriesOf(ctx, user)).get('groceries')!.id;
    const response = await call(ctx, user, 'POST', '/api/v1/budgets', {
      name,
      categoryId: groceries,
      amount: { amount, currency: 'EUR' },
    });
    expect(response.statusCode).toBe(201);
    await checksSettled(user);
    return {
      user,
      budgetId: response.json<{ id: string }>().id,
      spend: async (value: string) => {
        await createExpense(ctx, user, {
          date: today(),
          amount: { amount: value, currency: 'EUR' },
          categoryId: groceries,
        });
      },
    };
  }

  it('mails once at 80 % and once at 100 % of the month, however often the check runs', async () => {
    const { user, budgetId, spend } = await setUp('100.00', 'Food & <Drinks>');
    const month = today().slice(0, 7);

    await spend('50.00');
    await checksSettled(user);
    expect(mailsTo(user)).toEqual([]);

    await spend('30.00');
    const eighty = await sink.waitForMessage(
      (mail) => mail.recipients.includes(user.email),
      20_000,
    );
    expect(eighty.subject).toMatch(/^Budget "Food & <Drinks>" at 80 % for \w+ \d{4}$/);
    expect(eighty.text).toContain('has reached 80.00 %');
    expect(eighty.text).toContain('Spent:      80.00 EUR');
    expect(eighty.text).toContain('Remaining:  20.00 EUR');
    expect(eighty.html).toContain('Food &amp; &lt;Drinks&gt;');
    expect(eighty.html).not.toContain('<Drinks>');
    await checksSettled(user);

    // Still above 80 %, and the check run again, twice at once: nothing new.
    await spend('1.00');
    await checksSettled(user);
    expect(await Promise.all([alerts.checkUser(user.id), alerts.checkUser(user.id)])).toEqual([
      [],
      [],
    ]);
    await sink.settle();
    expect(mailsTo(user)).toHaveLength(1);

    await spend('19.00');
    await checksSettled(user);
    const mails = mailsTo(user);
    expect(mails).toHaveLength(2);
    expect(mails[1].subject).toMatch(/^Budget "Food & <Drinks>" used up for /);
    expect(mails[1].text).toContain('Spent:      100.00 EUR');
    expect(mails[1].text).toContain('Remaining:  0.00 EUR');

    // Well past 100 % and checked again (and swept): still two mails.
    await spend('40.00');
    expect(await ctx.app.get(BudgetAlertsJob).sweep()).toBeGreaterThanOrEqual(1);
    await checksSettled(user);
    expect(await alerts.checkUser(user.id)).toEqual([]);
    await sink.settle();
    expect(mailsTo(user)).toHaveLength(2);

    expect(await sentRows(budgetId)).toEqual([80, 100]);
    const events = await dataSource.query<
      { action: string; actor_type: string; actor_id: string; details: Record<string, unknown> }[]
    >(
      `SELECT action, actor_type, actor_id, details FROM audit_events
       WHERE resource_id = $1 AND action = 'budget.alert.sent' ORDER BY sequence`,
      [budgetId],
    );
    // toMatchObject on an array also requires its length.
    expect(events).toMatchObject([
      {
        action: 'budget.alert.sent',
        actor_type: 'system',
        actor_id: 'budgets.check-alerts',
        details: { month, thresholds: [80], percentUsed: '80.00', currency: 'EUR' },
      },
      {
        action: 'budget.alert.sent',
        actor_type: 'system',
        actor_id: 'budgets.check-alerts',
        details: { month, thresholds: [100], percentUsed: '100.00', currency: 'EUR' },
      },
    ]);
  }, 120_000);

  it('sends one mail when checks race the job at the moment the threshold is crossed', async () => {
    const { user, budgetId, spend } = await setUp('100.00');
    await spend('85.00');
    // The job the expense enqueued and five direct checks, all at once.
    const results = await Promise.all(Array.from({ length: 5 }, () => alerts.checkUser(user.id)));
    await checksSettled(user);
    expect(mailsTo(user)).toHaveLength(1);
    expect(mailsTo(user)[0].subject).toContain('at 80 %');
    expect(results.flat().length).toBeLessThanOrEqual(1);
    expect(await sentRows(budgetId)).toEqual([80]);
    expect(
      await auditActions(ctx, { resourceId: budgetId, actionPrefix: 'budget.alert.' }),
    ).toEqual(['budget.alert.sent']);
  }, 60_000);

  it('reports a jump past both thresholds in one mail, for 100 %, and claims both', async () => {
    const { user, budgetId, spend } = await setUp('50.00');
    await spend('75.00');
    await checksSettled(user);
    const mails = mailsTo(user);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toMatch(/^Budget "Groceries" used up for /);
    expect(mails[0].text).toContain('Spent:      75.00 EUR');
    expect(mails[0].text).toContain('Remaining:  -25.00 EUR');
    expect(await sentRows(budgetId)).toEqual([80, 100]);
  }, 60_000);

  it('claims nothing when the mail cannot be sent, so the next check sends it', async () => {
    const { user, budgetId } = await setUp('100.00');
    // Written behind the writer's back, so no job races the direct checks below.
    await dataSource.query(
      `INSERT INTO expenses (user_id, category_id, spent_on, amount, currency, base_currency,
         base_amount, fx_rate, fx_rate_date, fx_source)
       SELECT user_id, category_id, $2, 90, 'EUR', 'EUR', 90, 1, $2, 'IDENTITY'
       FROM budgets WHERE id = $1`,
      [budgetId, today()],
    );
    sink.rejectNext(1);
    await expect(alerts.checkUser(user.id)).rejects.toBeInstanceOf(MailDeliveryError);
    expect(await sentRows(budgetId)).toEqual([]);
    expect(
      await auditActions(ctx, { resourceId: budgetId, actionPrefix: 'budget.alert.' }),
    ).toEqual([]);

    expect(await alerts.checkUser(user.id)).toEqual([
      { budgetId, month: today().slice(0, 7), thresholds: [80] },
    ]);
    await sink.settle();
    expect(mailsTo(user)).toHaveLength(1);
    expect(await sentRows(budgetId)).toEqual([80]);
  }, 60_000);
});
