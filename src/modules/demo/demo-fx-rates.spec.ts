import { DEMO_ECB_RATES_CSV, DEMO_RATES_LAST_DATE } from 'src/modules/demo/demo-fx-rates';
import { demoExpenses } from 'src/modules/demo/demo-expenses';
import {
  countCsvRates,
  csvDay,
  SHARED_ECB_HISTORY,
  sharedEcbHistoryCsv,
} from 'test/support/ecb-files';

const history = sharedEcbHistoryCsv();
const describeWithHistory = history ? describe : describe.skip;

describe('the demo rate history', () => {
  // Read with the test's own CSV helpers; the app reads it through CurrenciesService (demo-data e2e).
  const dates = DEMO_ECB_RATES_CSV.trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',')[0]);
  const quotes = dates.flatMap((date) =>
    Object.entries(csvDay(DEMO_ECB_RATES_CSV, date)).map(([currency, rate]) => ({
      date,
      currency,
      rate,
    })),
  );

  it('is a few months of eleven currencies in the ECB layout, ending on DEMO_RATES_LAST_DATE', () => {
    expect(DEMO_ECB_RATES_CSV.split('\n')[0]).toBe(
      'Date,USD,GBP,CHF,JPY,SEK,NOK,DKK,PLN,CZK,CAD,AUD,',
    );
    expect(dates[dates.length - 1]).toBe('2026-01-02');
    expect(dates[0]).toBe(DEMO_RATES_LAST_DATE);
    expect(dates).toHaveLength(70);
    expect(countCsvRates(DEMO_ECB_RATES_CSV)).toBe(770);
    expect(new Set(quotes.map((quote) => quote.currency)).size).toBe(11);
    expect(quotes).toHaveLength(770);
  });

  it('dates the pound trip inside those rates, and 45 days ago while that is inside them', () => {
    const pounds = (today: string) =>
      demoExpenses(today, DEMO_RATES_LAST_DATE)
        .filter((expense) => expense.currency === 'GBP')
        .map((expense) => expense.date);
    expect(pounds('2026-12-04')).toEqual(['2026-03-30', '2026-03-30', '2026-03-31', '2026-03-31']);
    expect(pounds('2026-04-01')).toEqual(['2026-02-15', '2026-02-15', '2026-02-16', '2026-02-16']);
  });

  describeWithHistory(
    history
      ? 'against the full ECB history'
      : `against the full ECB history (skipped: ${SHARED_ECB_HISTORY} is absent)`,
    () => {
      it("holds the ECB's own values, unchanged", () => {
        for (const quote of quotes) {
          expect([
            quote.date,
            quote.currency,
            csvDay(history!, quote.date)[quote.currency],
          ]).toEqual([quote.date, quote.currency, quote.rate]);
        }
      });
    },
  );
});
