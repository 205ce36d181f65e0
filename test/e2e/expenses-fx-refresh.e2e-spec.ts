import { DataSource } from 'typeorm';
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

  it('imports the history into an empty table, refreshes, and fills base amounts that waited', async () => {
    const category = (await categoriesOf(ctx, user)).get('travel')!.id;
    const waiting = await createExpense(ctx, user, {
      amount: { amount: '116.84', currency: 'USD' },
      date: '2026-04-13',
      categoryId: category,
    });
    expect(waiting.fx).toMatchObject({ status: 'missing', reason: 'no-rate' });

    const result = await ctx.app.get(FxRefreshJob).run();
    expect(result.history?.inserted).toBeGreaterThan(0);
    expect(result.filled.filled).toBe(1);
    expect(ecb.requests).toEqual(['/hist.zip', '/daily.xml']);

    const read = await call(ctx, user, 'GET', `/api/v1/expenses/${waiting.id}`);
    expect(read.json<ExpenseBody>()).toMatchObject({
      version: 2,
      baseAmount: { amount: '100.00', currency: 'EUR' },
      fx: { status: 'converted', source: 'ECB', rateDate: '2026-04-13' },
    });

    // Rates exist now: the next run only fetches the daily file and finds nothing to fill.
    const again = await ctx.app.get(FxRefreshJob).run();
    expect(again.history).toBeUndefined();
    expect(again.filled).toEqual({ filled: 0, stillMissing: 0 });
    expect(ecb.requests.slice(2)).toEqual(['/daily.xml']);
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
