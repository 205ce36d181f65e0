import { DataSource } from 'typeorm';
import { addDays } from 'src/platform/dates/calendar-date';
import { AppException } from 'src/platform/errors/app.exception';
import { CurrenciesModule } from 'src/modules/currencies/currencies.module';
import { CurrenciesService } from 'src/modules/currencies/currencies.service';
import { countCsvRates, ecbDailyXml, ecbHistoryZip, fixture } from 'test/support/ecb-files';
import { HttpFixtureServer, startHttpFixtureServer } from 'test/support/http-fixture-server';
import { startTestApp, TestApp } from 'test/support/test-app';

/** The ECB served by a local server from the hand-made fixture (runs on any clone). */
describe('FX rates from the ECB formats (fixture)', () => {
  let ecb: HttpFixtureServer;
  let ctx: TestApp;
  let fx: CurrenciesService;
  let dataSource: DataSource;
  const historyCsv = fixture('eurofxref-hist.csv');

  const storedRates = async (): Promise<string[]> =>
    (
      await dataSource.query<{ row: string }[]>(
        `SELECT concat_ws(' ', source, quote_currency, to_char(rate_date, 'YYYY-MM-DD'), rate::text) AS row
         FROM fx_rates ORDER BY rate_date, quote_currency`,
      )
    ).map(({ row }) => row);

  async function failure(attempt: Promise<unknown>): Promise<AppException> {
    const error = await attempt.then(
      () => new Error('expected a failure'),
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppException);
    return error as AppException;
  }

  beforeAll(async () => {
    ecb = await startHttpFixtureServer();
    ctx = await startTestApp(
      {
        FX_ECB_DAILY_URL: ecb.url('/stats/eurofxref/eurofxref-daily.xml'),
        FX_ECB_HISTORY_URL: ecb.url('/stats/eurofxref/eurofxref-hist.zip'),
        FX_FETCH_TIMEOUT_MS: '500',
      },
      [CurrenciesModule],
    );
    fx = ctx.app.get(CurrenciesService);
    dataSource = ctx.app.get(DataSource);
  });

  afterAll(async () => {
    await ctx.close();
    await ecb.close();
  });

  beforeEach(async () => {
    await dataSource.query('DELETE FROM fx_rates');
    ecb.serve('/stats/eurofxref/eurofxref-hist.zip', {
      body: ecbHistoryZip(historyCsv),
      headers: { 'content-type': 'application/zip' },
    });
    ecb.serve('/stats/eurofxref/eurofxref-daily.xml', {
      body: fixture('eurofxref-daily.xml'),
      headers: { 'content-type': 'text/xml' },
    });
  });

  it('imports the history: every published rate, none for N/A', async () => {
    const result = await fx.importHistory();
    expect(result).toEqual({
      source: 'ECB',
      received: 27,
      inserted: 27,
      updated: 0,
      unchanged: 0,
      firstDate: '2026-04-01',
      lastDate: '2026-04-13',
      days: 7,
      currencies: ['GBP', 'ISK', 'JPY', 'USD'],
    });
    // Thirteen days are a partial history: the first-start import still wants the whole.
    await expect(fx.hasFullHistory()).resolves.toBe(false);
    expect(countCsvRates(historyCsv)).toBe(27);
    const rows = await storedRates();
    expect(rows).toHaveLength(27);
    expect(rows).toContain('ECB USD 2026-04-13 1.1684000000');
    expect(rows).toContain('ECB JPY 2026-04-13 186.7500000000');
    expect(rows.filter((row) => row.includes(' ISK 2026-04-10'))).toEqual([]);
    expect(rows.filter((row) => row.includes(' HRK '))).toEqual([]);
  });

  it('creates nothing new on a second import, and updates a corrected rate', async () => {
    await fx.importHistory();
    const before = await storedRates();
    const fetchedAt = await dataSource.query<{ at: Date }[]>(
      'SELECT max(fetched_at) AS at FROM fx_rates',
    );

    await expect(fx.importHistory()).resolves.toMatchObject({
      received: 27,
      inserted: 0,
      updated: 0,
      unchanged: 27,
    });
    expect(await storedRates()).toEqual(before);
    expect(
      await dataSource.query<{ at: Date }[]>('SELECT max(fetched_at) AS at FROM fx_rates'),
    ).toEqual(fetchedAt);

    ecb.serve('/stats/eurofxref/eurofxref-hist.zip', {
      body: ecbHistoryZip(historyCsv.replace('1.1684', '1.1685')),
    });
    await expect(fx.importHistory()).resolves.toMatchObject({ inserted: 0, updated: 1 });
    expect(await storedRates()).toContain('ECB USD 2026-04-13 1.1685000000');
  });

  it('refreshes the latest rates from the daily XML, idempotently', async () => {
    await fx.importHistory();
    await expect(fx.refreshLatest()).resolves.toMatchObject({
      received: 5,
      inserted: 5,
      firstDate: '2026-04-14',
      lastDate: '2026-04-14',
    });
    await expect(fx.refreshLatest()).resolves.toMatchObject({ inserted: 0, unchanged: 5 });
    expect(await storedRates()).toHaveLength(32);
    await expect(fx.rateFor('EUR', 'IDR', '2026-04-15')).resolves.toMatchObject({
      rate: '20101.5',
      rateDate: '2026-04-14',
    });
  });

  describe('looking rates up', () => {
    beforeEach(async () => {
      await fx.importHistory();
    });

    it.each([
      ['EUR', 'USD', '2026-04-13', '1.1684', '2026-04-13', 'ECB'],
      ['EUR', 'USD', '2026-04-11', '1.1711', '2026-04-10', 'ECB'],
      ['EUR', 'USD', '2026-04-12', '1.1711', '2026-04-10', 'ECB'],
      ['EUR', 'JPY', '2026-04-06', '183.94', '2026-04-02', 'ECB'],
      ['GBP', 'USD', '2026-04-13', '1.34209377656', '2026-04-13', 'ECB'],
      ['USD', 'GBP', '2026-04-13', '0.745104416296', '2026-04-13', 'ECB'],
      ['USD', 'EUR', '2026-04-13', '0.85587127696', '2026-04-13', 'ECB'],
      ['USD', 'ISK', '2026-04-10', '122.619759201', '2026-04-09', 'ECB'],
      ['CHF', 'CHF', '1990-06-01', '1', '1990-06-01', 'IDENTITY'],
    ])('%s → %s on %s is %s (published %s)', async (from, to, date, rate, rateDate, source) => {
      await expect(fx.rateFor(from, to, date)).resolves.toEqual({
        status: 'found',
        from,
        to,
        rate,
        rateDate,
        source,
      });
    });

    it.each([
      ['EUR', 'USD', '1998-12-31', 'no-rate'],
      ['EUR', 'USD', '2026-03-31', 'no-rate'],
      ['EUR', 'KWD', '2026-04-13', 'no-rate'],
      ['EUR', 'USD', '2026-04-21', 'stale-rate'],
      ['HRK', 'EUR', '2026-04-13', 'unknown-currency'],
      ['EUR', 'XYZ', '2026-04-13', 'unknown-currency'],
    ])('%s → %s on %s has no rate (%s)', async (from, to, date, reason) => {
      await expect(fx.rateFor(from, to, date)).resolves.toMatchObject({
        status: 'no-rate',
        reason,
        date,
      });
    });

    it('converts at that rate, rounded half-even to the target minor unit', async () => {
      await expect(fx.convert('10.00', 'EUR', 'JPY', '2026-04-13')).resolves.toEqual({
        status: 'converted',
        from: 'EUR',
        to: 'JPY',
        amount: '1868',
        rate: '186.75',
        rateDate: '2026-04-13',
        source: 'ECB',
      });
      await expect(fx.convert('10.00', 'GBP', 'USD', '2026-04-11')).resolves.toMatchObject({
        amount: '13.44',
        rateDate: '2026-04-10',
      });
      await expect(fx.convert('10.00', 'GBP', 'USD', '1998-06-01')).resolves.toMatchObject({
        status: 'no-rate',
      });
    });

    it('gives the same answers from one query as from a query per lookup', async () => {
      const table = await fx.rateTable(
        ['EUR', 'USD', 'JPY', 'GBP', 'ISK', 'KWD'],
        '2026-03-25',
        '2026-04-25',
      );
      const currencies = ['EUR', 'USD', 'JPY', 'GBP', 'ISK', 'KWD'];
      const differences: string[] = [];
      for (let day = 0; day <= 31; day++) {
        const date = addDays('2026-03-25', day);
        for (const from of currencies) {
          for (const to of currencies) {
            const viaDatabase = await fx.rateFor(from, to, date);
            const viaTable = table.rateFor(from, to, date);
            if (JSON.stringify(viaDatabase) !== JSON.stringify(viaTable)) {
              differences.push(`${from}→${to} ${date}`);
            }
          }
        }
      }
      expect(differences).toEqual([]);
    });
  });

  describe('a source that fails', () => {
    const broken = ecbDailyXml('2026-04-14', { USD: '1.1702', JPY: '186.9' });

    it.each<[string, string, string, Parameters<HttpFixtureServer['serve']>[1], string, RegExp]>([
      [
        'truncated XML',
        'daily',
        'eurofxref-daily.xml',
        { body: broken.slice(0, 300) },
        'UPSTREAM_INVALID_RESPONSE',
        /^ECB daily rates: malformed XML/,
      ],
      [
        'a rate that is not a number',
        'daily',
        'eurofxref-daily.xml',
        { body: broken.replace('186.9', 'abc') },
        'UPSTREAM_INVALID_RESPONSE',
        /"abc" is not a positive decimal rate for JPY/,
      ],
      [
        'HTTP 500',
        'daily',
        'eurofxref-daily.xml',
        { status: 500, body: 'Internal Server Error' },
        'DEPENDENCY_UNAVAILABLE',
        /^ECB daily rates: the server answered HTTP 500$/,
      ],
      [
        'no answer in time',
        'daily',
        'eurofxref-daily.xml',
        { delayMs: 3_000, body: broken },
        'DEPENDENCY_UNAVAILABLE',
        /^ECB daily rates: no complete answer within 500 ms$/,
      ],
      [
        'a truncated zip',
        'history',
        'eurofxref-hist.zip',
        { body: ecbHistoryZip(historyCsv).slice(0, -30) },
        'UPSTREAM_INVALID_RESPONSE',
        /^ECB rate history: not a readable zip archive/,
      ],
      [
        'a CSV cut mid-line',
        'history',
        'eurofxref-hist.zip',
        { body: ecbHistoryZip(historyCsv.slice(0, historyCsv.indexOf('2026-04-08') + 15)) },
        'UPSTREAM_INVALID_RESPONSE',
        /^ECB rate history: malformed CSV/,
      ],
      [
        'a row with an extra column',
        'history',
        'eurofxref-hist.zip',
        { body: ecbHistoryZip(historyCsv.replace('184.73', '18,473')) },
        'UPSTREAM_INVALID_RESPONSE',
        /^ECB rate history: malformed CSV/,
      ],
      [
        'an impossible date',
        'history',
        'eurofxref-hist.zip',
        { body: ecbHistoryZip(historyCsv.replace('2026-04-07', '2026-04-31')) },
        'UPSTREAM_INVALID_RESPONSE',
        /line 6: "2026-04-31" is not a date/,
      ],
      [
        'HTTP 503',
        'history',
        'eurofxref-hist.zip',
        { status: 503 },
        'DEPENDENCY_UNAVAILABLE',
        /HTTP 503/,
      ],
      [
        'no answer in time',
        'history',
        'eurofxref-hist.zip',
        { delayMs: 3_000 },
        'DEPENDENCY_UNAVAILABLE',
        /no complete answer within 500 ms/,
      ],
    ])(
      '%s in the %s file %s: a clear error, nothing written',
      async (_, kind, file, response, code, detail) => {
        ecb.serve(`/stats/eurofxref/${file}`, response);
        const attempt = kind === 'daily' ? fx.refreshLatest() : fx.importHistory();
        const error = await failure(attempt);
        expect(error.code).toBe(code);
        expect(error.detail).toMatch(detail);
        expect(await storedRates()).toEqual([]);
      },
    );

    it('keeps what was stored when a later refresh fails', async () => {
      await fx.importHistory();
      ecb.serve('/stats/eurofxref/eurofxref-daily.xml', { body: broken.slice(0, 300) });
      await failure(fx.refreshLatest());
      expect(await storedRates()).toHaveLength(27);
    });
  });
});
