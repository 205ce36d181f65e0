import { InvalidDecimalError } from 'src/platform/money/decimal';
import { FxRateLookup } from 'src/modules/currencies/currencies.types';
import { StoredRateTable } from 'src/modules/currencies/fx-rate-lookup';
import { StoredRange, StoredRate } from 'src/modules/currencies/fx-rates.repository';
import { parseEcbHistoryCsv } from 'src/modules/currencies/providers/ecb-history.parser';
import { fixture } from 'test/support/ecb-files';

/** The hand-made ECB fixture (2026-04-01 … 2026-04-13) as the repository would return it. */
function fixtureRates(): StoredRate[] {
  return parseEcbHistoryCsv(fixture('eurofxref-hist.csv'))
    .map((quote) => ({ currency: quote.currency, rate: quote.rate, rateDate: quote.date }))
    .sort((a, b) => a.rateDate.localeCompare(b.rateDate));
}

const FIXTURE_RANGE = { firstDate: '2026-04-01', lastDate: '2026-04-13' };

function table(
  maxRateAgeDays = 7,
  stored: StoredRange | null = FIXTURE_RANGE,
  rates: StoredRate[] = fixtureRates(),
): StoredRateTable {
  return new StoredRateTable(
    { source: 'ECB', maxRateAgeDays, historyStart: '1999-01-04', stored },
    { currencies: ['USD', 'JPY', 'GBP', 'ISK', 'KWD'], from: '2026-03-01', to: '2026-05-31' },
    rates,
  );
}

const found = (rate: string, rateDate: string, source = 'ECB') => ({
  status: 'found',
  rate,
  rateDate,
  source,
});

describe('FX rate lookup', () => {
  it.each<[string, string, string, string, ReturnType<typeof found>]>([
    ['EUR leg as published', 'EUR', 'USD', '2026-04-13', found('1.1684', '2026-04-13')],
    ['inverse of an EUR leg', 'USD', 'EUR', '2026-04-13', found('0.85587127696', '2026-04-13')],
    ['cross through EUR', 'GBP', 'USD', '2026-04-13', found('1.34209377656', '2026-04-13')],
    ['the reverse cross', 'USD', 'GBP', '2026-04-13', found('0.745104416296', '2026-04-13')],
    ['a small inverse', 'JPY', 'EUR', '2026-04-13', found('0.0053547523427', '2026-04-13')],
    ['Saturday: Friday rates', 'GBP', 'USD', '2026-04-11', found('1.34446931864', '2026-04-10')],
    ['Sunday: Friday rates', 'EUR', 'USD', '2026-04-12', found('1.1711', '2026-04-10')],
    ['Good Friday: Thursday rates', 'EUR', 'JPY', '2026-04-03', found('183.94', '2026-04-02')],
    ['Easter Monday: Thursday rates', 'EUR', 'JPY', '2026-04-06', found('183.94', '2026-04-02')],
    [
      'a leg missing that day: its previous rate, older date',
      'USD',
      'ISK',
      '2026-04-10',
      found('122.619759201', '2026-04-09'),
    ],
    ['the same currency', 'USD', 'USD', '2026-04-11', found('1', '2026-04-11', 'IDENTITY')],
    ['euro to euro', 'EUR', 'EUR', '2026-03-15', found('1', '2026-03-15', 'IDENTITY')],
    ['exactly the allowed age', 'EUR', 'USD', '2026-04-20', found('1.1684', '2026-04-13')],
  ])('%s: %s → %s on %s', (_, from, to, date, expected) => {
    expect(table().rateFor(from, to, date)).toEqual({ ...expected, from, to });
  });

  it.each<[string, string, string, string, string, string]>([
    [
      'before the first rate stored, of a partial history',
      'EUR',
      'USD',
      '2026-03-31',
      'no-rate',
      'No EUR→USD rate is stored for 2026-03-31 or the 7 days before it: this ' +
        "installation's ECB rates begin on 2026-04-01 (import the full history with " +
        '`npm run cli -- fx:import FILE`)',
    ],
    [
      'a currency the source does not quote',
      'KWD',
      'EUR',
      '2026-04-13',
      'no-rate',
      'No KWD→EUR rate is stored for 2026-04-13 or the 7 days before it: this ' +
        "installation's ECB rates (2026-04-01 to 2026-04-13) include none for KWD",
    ],
    [
      'a day past the allowed age after the last stored rates',
      'EUR',
      'USD',
      '2026-04-21',
      'stale-rate',
      'No EUR→USD rate is stored for 2026-04-21 or the 7 days before it: this ' +
        "installation's ECB rates end on 2026-04-13 (the daily ECB refresh adds newer ones; " +
        '`npm run cli -- fx:import FILE` imports a history file)',
    ],
    [
      'a cross whose legs are past the allowed age',
      'GBP',
      'USD',
      '2026-04-25',
      'stale-rate',
      'No GBP→USD rate is stored for 2026-04-25 or the 7 days before it: this ' +
        "installation's ECB rates end on 2026-04-13 (the daily ECB refresh adds newer ones; " +
        '`npm run cli -- fx:import FILE` imports a history file)',
    ],
    [
      'an unknown code',
      'XYZ',
      'EUR',
      '2026-04-13',
      'unknown-currency',
      'XYZ is not an active ISO 4217 currency code',
    ],
    [
      'a withdrawn currency',
      'EUR',
      'HRK',
      '2026-04-13',
      'unknown-currency',
      'HRK is not an active ISO 4217 currency code',
    ],
    [
      'a non-monetary code',
      'XAU',
      'USD',
      '2026-04-13',
      'unknown-currency',
      'XAU is not an active ISO 4217 currency code',
    ],
    [
      'a lower-case code',
      'usd',
      'EUR',
      '2026-04-13',
      'unknown-currency',
      'usd is not an active ISO 4217 currency code',
    ],
  ])('no rate for %s: %s → %s on %s', (_, from, to, date, reason, detail) => {
    expect(table().rateFor(from, to, date)).toEqual({
      status: 'no-rate',
      from,
      to,
      date,
      reason,
      detail,
    });
  });

  it('says when this installation has no rates at all, and how to get them', () => {
    expect(table(7, null, []).rateFor('EUR', 'USD', '2026-03-02')).toMatchObject({
      reason: 'no-rate',
      detail:
        'No EUR→USD rate is stored for 2026-03-02 or the 7 days before it: this installation ' +
        'has no exchange rates yet (import them with `npm run cli -- fx:import FILE` or wait ' +
        'for the daily ECB refresh)',
    });
  });

  it('says what the stored history lacks for a date inside it', () => {
    const full = { firstDate: '1999-01-04', lastDate: '2026-04-13' };
    expect(table(7, full).rateFor('EUR', 'USD', '2026-03-20')).toMatchObject({
      reason: 'no-rate',
      detail:
        'No EUR→USD rate is stored for 2026-03-20 or the 7 days before it: this ' +
        "installation's ECB rates (1999-01-04 to 2026-04-13) include none for USD",
    });
  });

  it('names the latest rate of a currency the source stopped quoting while others go on', () => {
    const later = { firstDate: '2026-04-01', lastDate: '2026-05-29' };
    expect(table(1, later).rateFor('EUR', 'ISK', '2026-04-20')).toMatchObject({
      reason: 'stale-rate',
      detail:
        'No EUR→ISK rate is stored for 2026-04-20 or the day before it: the latest ECB ISK ' +
        'rate stored is from 2026-04-13',
    });
    expect(table(0, later).rateFor('EUR', 'ISK', '2026-04-20')).toMatchObject({
      detail:
        'No EUR→ISK rate is stored for 2026-04-20: the latest ECB ISK rate stored is from 2026-04-13',
    });
  });

  it('makes the allowed age a setting: 0 means the very day only', () => {
    expect(table(0).rateFor('EUR', 'USD', '2026-04-13').status).toBe('found');
    expect(table(0).rateFor('EUR', 'USD', '2026-04-11')).toMatchObject({ reason: 'stale-rate' });
  });

  it.each([
    ['10.00', 'GBP', 'USD', '13.42'],
    ['100', 'JPY', 'EUR', '0.54'],
    ['10.00', 'EUR', 'JPY', '1868'],
    ['11.00', 'EUR', 'JPY', '2054'],
    ['-4.50', 'EUR', 'GBP', '-3.92'],
    ['7.5', 'USD', 'USD', '7.50'],
  ])('converts %s %s to %s %s on 2026-04-13', (amount, from, to, expected) => {
    const result = table().convert(amount, from, to, '2026-04-13');
    expect(result).toMatchObject({ status: 'converted', amount: expected, from, to });
  });

  it('passes the absence of a rate through a conversion, never a number', () => {
    const result: FxRateLookup | { status: 'converted' } = table().convert(
      '10.00',
      'EUR',
      'USD',
      '2026-03-31',
    );
    expect(result).toEqual(expect.objectContaining({ status: 'no-rate', reason: 'no-rate' }));
    expect(result).not.toHaveProperty('amount');
  });

  it('refuses what it was not loaded for, and malformed input', () => {
    expect(() => table().rateFor('EUR', 'USD', '2026-06-01')).toThrow(RangeError);
    expect(() => table().rateFor('EUR', 'CHF', '2026-04-13')).toThrow(/CHF was not loaded/);
    expect(() => table().rateFor('EUR', 'USD', '2026-02-30')).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }) as Error,
    );
    expect(() => table().convert('1e3', 'EUR', 'USD', '2026-04-13')).toThrow(InvalidDecimalError);
  });
});
