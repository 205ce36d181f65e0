import { DataSource } from 'typeorm';
import { CurrenciesModule } from 'src/modules/currencies/currencies.module';
import { CurrenciesService } from 'src/modules/currencies/currencies.service';
import {
  countCsvRates,
  csvDay,
  ecbDailyXml,
  ecbHistoryZip,
  SHARED_ECB_HISTORY,
  sharedEcbHistoryCsv,
} from 'test/support/ecb-files';
import { HttpFixtureServer, startHttpFixtureServer } from 'test/support/http-fixture-server';
import { startTestApp, TestApp } from 'test/support/test-app';

const historyCsv = sharedEcbHistoryCsv();

// The real ECB history lives in ../shared beside the project: CI and the team always have it, a
// user's clone of the project alone does not. Without it only the fixture suite
// (fx-rates.int-spec.ts) runs, and this one is skipped with the reason in its title.
const describeWithHistory = historyCsv ? describe : describe.skip;

describeWithHistory(
  historyCsv
    ? 'FX rates: the real ECB history, 1999 to 2026-04-13'
    : `FX rates: the real ECB history (skipped: ${SHARED_ECB_HISTORY} is absent)`,
  () => {
    const csv = historyCsv ?? '';
    let ecb: HttpFixtureServer;
    let ctx: TestApp;
    let fx: CurrenciesService;
    let dataSource: DataSource;

    const count = async (): Promise<number> =>
      (await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM fx_rates'))[0].n;

    beforeAll(async () => {
      ecb = await startHttpFixtureServer();
      ecb.serve('/stats/eurofxref/eurofxref-hist.zip', { body: ecbHistoryZip(csv) });
      ecb.serve('/stats/eurofxref/eurofxref-daily.xml', {
        body: ecbDailyXml('2026-04-13', csvDay(csv, '2026-04-13')),
      });
      ctx = await startTestApp(
        {
          FX_ECB_DAILY_URL: ecb.url('/stats/eurofxref/eurofxref-daily.xml'),
          FX_ECB_HISTORY_URL: ecb.url('/stats/eurofxref/eurofxref-hist.zip'),
        },
        [CurrenciesModule],
      );
      fx = ctx.app.get(CurrenciesService);
      dataSource = ctx.app.get(DataSource);
      await fx.importHistory();
      // 217,555 rates: a few seconds alone, longer on a busy machine.
    }, 120_000);

    afterAll(async () => {
      await ctx?.close();
      await ecb?.close();
    });

    it('stores every rate of the file: 6,983 days, N/A left out', async () => {
      expect(csv.trim().split('\n')).toHaveLength(6_984);
      expect(countCsvRates(csv)).toBe(217_555);
      expect(await count()).toBe(217_555);
      const [span] = await dataSource.query<{ first: string; last: string; days: number }[]>(
        `SELECT to_char(min(rate_date), 'YYYY-MM-DD') AS first,
                to_char(max(rate_date), 'YYYY-MM-DD') AS last,
                count(DISTINCT rate_date)::int AS days
         FROM fx_rates`,
      );
      expect(span).toEqual({ first: '1999-01-04', last: '2026-04-13', days: 6_983 });
    });

    it.each([
      ['EUR', 'USD', '2026-04-13', '1.1684', '2026-04-13'],
      ['EUR', 'JPY', '2026-04-13', '186.75', '2026-04-13'],
      ['EUR', 'IDR', '2026-04-13', '20082.05', '2026-04-13'],
      ['EUR', 'USD', '1999-01-04', '1.1789', '1999-01-04'],
      ['EUR', 'GBP', '2026-04-11', '0.87105', '2026-04-10'],
      ['EUR', 'USD', '2026-04-12', '1.1711', '2026-04-10'],
      ['EUR', 'USD', '2026-04-06', '1.1525', '2026-04-02'],
      ['GBP', 'USD', '2026-04-13', '1.34209377656', '2026-04-13'],
      ['USD', 'JPY', '2026-04-13', '159.833960972', '2026-04-13'],
      ['USD', 'EUR', '2026-04-13', '0.85587127696', '2026-04-13'],
    ])('%s → %s on %s is %s (published %s)', async (from, to, date, rate, rateDate) => {
      await expect(fx.rateFor(from, to, date)).resolves.toEqual({
        status: 'found',
        from,
        to,
        rate,
        rateDate,
        source: 'ECB',
      });
    });

    it.each([
      ['before the euro', 'EUR', 'USD', '1998-12-31', 'no-rate', 'ECB rates begin on 1999-01-04'],
      [
        'a currency the ECB never quoted',
        'EUR',
        'KWD',
        '2026-04-13',
        'no-rate',
        "this installation's ECB rates (1999-01-04 to 2026-04-13) include none for KWD",
      ],
      [
        'a withdrawn currency',
        'HRK',
        'EUR',
        '2020-06-01',
        'unknown-currency',
        'HRK is not an active ISO 4217 currency code',
      ],
      [
        'a legacy currency',
        'EUR',
        'CYP',
        '2005-06-01',
        'unknown-currency',
        'CYP is not an active ISO 4217 currency code',
      ],
      [
        'ISK during its 2008–2018 gap',
        'EUR',
        'ISK',
        '2012-06-01',
        'stale-rate',
        'the latest ECB ISK rate stored is from 2008-12-09',
      ],
      [
        'RUB after publication stopped',
        'EUR',
        'RUB',
        '2022-06-01',
        'stale-rate',
        'the latest ECB RUB rate stored is from 2022-03-01',
      ],
      [
        'BGN after the euro changeover',
        'BGN',
        'EUR',
        '2026-02-02',
        'stale-rate',
        'the latest ECB BGN rate stored is from 2025-12-31',
      ],
      [
        'a date past the last publication',
        'EUR',
        'USD',
        '2026-05-01',
        'stale-rate',
        "this installation's ECB rates end on 2026-04-13",
      ],
    ])('%s has no rate: %s → %s on %s (%s)', async (_, from, to, date, reason, detail) => {
      const answer = await fx.rateFor(from, to, date);
      expect(answer).toMatchObject({ status: 'no-rate', reason });
      expect(answer.status === 'no-rate' && answer.detail).toContain(detail);
    });

    it('counts as the full history: the first-start import is not needed again', async () => {
      await expect(fx.hasFullHistory()).resolves.toBe(true);
    });

    it('creates nothing new when the same history or day is imported again', async () => {
      await expect(fx.importHistory()).resolves.toMatchObject({
        received: 217_555,
        inserted: 0,
        updated: 0,
        unchanged: 217_555,
      });
      await expect(fx.refreshLatest()).resolves.toMatchObject({
        received: 29,
        inserted: 0,
        unchanged: 29,
      });
      expect(await count()).toBe(217_555);
    });

    it('converts a year of daily amounts with one query, matching per-date lookups', async () => {
      const table = await fx.rateTable(['USD', 'GBP', 'JPY'], '2025-01-01', '2025-12-31');
      for (const date of ['2025-01-01', '2025-03-15', '2025-12-25', '2025-12-31']) {
        expect(table.convert('99.99', 'GBP', 'JPY', date)).toEqual(
          await fx.convert('99.99', 'GBP', 'JPY', date),
        );
      }
      expect(table.convert('100.00', 'USD', 'GBP', '2025-12-25')).toMatchObject({
        status: 'converted',
        rateDate: '2025-12-24',
      });
    });
  },
);
