import { DataSource } from 'typeorm';
import { CurrenciesService } from 'src/modules/currencies/currencies.service';
import { FxRefreshJob } from 'src/modules/expenses/base-amounts/fx-refresh.job';
import { newUser, TestUser } from 'test/support/auth';
import { ecbHistoryZip, fixture } from 'test/support/ecb-files';
import { call, categoriesOf, createExpense, ExpenseBody } from 'test/support/expenses-api';
import { withDatabase } from 'test/support/database';
import { HttpFixtureServer, startHttpFixtureServer } from 'test/support/http-fixture-server';
import { startTestApp, TestApp } from 'test/support/test-app';

/** The scheduled FX refresh against the ECB's file formats, served locally. */
describe('FX refresh job', () => {
  let ecb: HttpFixtureServer;
  let ctx: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    ecb = await startHttpFixtureServer();
    ecb.serve('/hist.zip', {
      body: ecbHistoryZip(fixture('eurofxref-hist.csv')),
      headers: { 'content-type': 'application/zip' },
      // Slow enough for the test to create an expense before the rates arrive.
      delayMs: 2000,
    });
    ecb.serve('/daily.xml', {
      body: fixture('eurofxref-daily.xml'),
      headers: { 'content-type': 'text/xml' },
    });
    ctx = await startTestApp({
      FX_ECB_DAILY_URL: ecb.url('/daily.xml'),
      FX_ECB_HISTORY_URL: ecb.url('/hist.zip'),
      JOBS_WORKERS: 'true',
    });
    user = await newUser(ctx);
  });

  afterAll(async () => {
    await ctx.close();
    await ecb.close();
  });

  it('is scheduled after the ECB publishes, in Frankfurt time, on working days', async () => {
    const schedules = await withDatabase(ctx.database.url, (client) =>
      client.query<{ key: string; cron: string; timezone: string }>(
        `SELECT key, cron, timezone FROM pgboss.schedule WHERE name = 'expenses.fx-refresh' ORDER BY key`,
      ),
    );
    expect(schedules.rows).toEqual([
      { key: '', cron: '30 16 * * 1-5', timezone: 'Europe/Berlin' },
      { key: 'late', cron: '0 18 * * 1-5', timezone: 'Europe/Berlin' },
    ]);
  });

  it('imports the history at once on first start, once for the cluster, and fills base amounts that waited', async () => {
    const category = (await categoriesOf(ctx, user)).get('travel')!.id;
    const waiting = await createExpense(ctx, user, {
      amount: { amount: '116.84', currency: 'USD' },
      date: '2026-04-13',
      categoryId: category,
    });
    expect(waiting.fx).toMatchObject({
      status: 'missing',
      reason: 'no-rate',
      detail: expect.stringContaining('this installation has no exchange rates yet') as string,
    });
    // The import queued at start is still running: a second instance's start queues nothing.
    await expect(ctx.app.get(FxRefreshJob).queueFirstImport()).resolves.toBeNull();

    const converted = await eventually(async () => {
      const read = await call(ctx, user, 'GET', `/api/v1/expenses/${waiting.id}`);
      const body = read.json<ExpenseBody>();
      return body.fx.status === 'converted' ? body : undefined;
    });
    expect(converted).toMatchObject({
      version: 2,
      baseAmount: { amount: '100.00', currency: 'EUR' },
      fx: { status: 'converted', source: 'ECB', rateDate: '2026-04-13' },
    });
    // The history alone: the daily file waits for the schedule.
    expect(ecb.requests).toEqual(['/hist.zip']);
  });

  it('then refreshes on schedule with the daily file only, the history being stored', async () => {
    const result = await ctx.app.get(FxRefreshJob).run();
    expect(result.history).toBeUndefined();
    expect(result.latest.inserted).toBeGreaterThan(0);
    expect(result.filled).toEqual({ filled: 0, stillMissing: 0, reworded: 0 });
    expect(ecb.requests).toEqual(['/hist.zip', '/daily.xml']);
    const stored = await ctx.app
      .get(DataSource)
      .query<{ count: number }[]>(`SELECT count(*)::int AS count FROM fx_rates`);
    expect(stored[0].count).toBeGreaterThan(0);
  });

  it('fails the run, for the queue to retry, when the ECB cannot be reached', async () => {
    ecb.serve('/daily.xml', { status: 503, body: 'down' });
    await expect(ctx.app.get(FxRefreshJob).run()).rejects.toThrow();
  });
});

describe('FX history at first start without the internet', () => {
  interface LogLine {
    level: string;
    message: string;
  }
  const lines: LogLine[] = [];
  const capture = { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) };
  let ctx: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    // An address nothing listens on: the ECB cannot be reached.
    const gone = await startHttpFixtureServer();
    const unreachable = gone.url('/stats/eurofxref/eurofxref-hist.zip');
    await gone.close();
    ctx = await startTestApp(
      {
        FX_ECB_HISTORY_URL: unreachable,
        FX_ECB_DAILY_URL: unreachable,
        FX_FETCH_TIMEOUT_MS: '2000',
        JOBS_WORKERS: 'true',
        LOG_LEVEL: 'warn',
      },
      [],
      capture,
    );
    user = await newUser(ctx);
  });

  afterAll(async () => {
    await ctx.close();
  });

  const importWarnings = () =>
    lines.filter((line) => line.level === 'warn' && line.message.includes('fx:import'));

  it('starts, warns once how to import a file, and leaves the retry to the schedule', async () => {
    const ready = await ctx.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);

    await eventually(async () => Promise.resolve(importWarnings().length > 0 || undefined));
    const [warning] = importWarnings();
    expect(warning.message).toContain('No exchange-rate history yet (no rate is stored)');
    expect(warning.message).toContain(unreachableHost(ctx));
    expect(warning.message).toContain('`npm run cli -- fx:import FILE`');
    expect(warning.message).toContain('the daily refresh (16:30 Frankfurt time on working days)');
    // Not retried by the queue: the warning stays the only one, and no job failure is logged.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(importWarnings()).toHaveLength(1);
    expect(lines.filter((line) => line.message.includes('failed on attempt'))).toEqual([]);
    await expect(ctx.app.get(CurrenciesService).hasRates()).resolves.toBe(false);

    const category = (await categoriesOf(ctx, user)).get('travel')!.id;
    const expense = await createExpense(ctx, user, {
      amount: { amount: '20.00', currency: 'GBP' },
      date: '2026-03-02',
      categoryId: category,
    });
    expect(expense.fx).toEqual(
      expect.objectContaining({
        status: 'missing',
        detail:
          'No GBP→EUR rate is stored for 2026-03-02 or the 7 days before it: this installation ' +
          'has no exchange rates yet (import them with `npm run cli -- fx:import FILE` or wait ' +
          'for the daily ECB refresh)',
      }),
    );
  });
});

function unreachableHost(ctx: TestApp): string {
  return new URL(ctx.config.fx.ecbHistoryUrl).host;
}

/** Polls `probe` until it answers something, for up to 20 s. */
async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const answer = await probe();
    if (answer !== undefined) return answer;
    if (Date.now() > deadline) throw new Error('gave up waiting');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
