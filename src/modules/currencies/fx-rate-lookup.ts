import { CalendarDate, daysBetween, isCalendarDate } from 'src/platform/dates/calendar-date';
import { AppException } from 'src/platform/errors/app.exception';
import { isCurrencyCode } from 'src/platform/money/currency-catalogue';
import {
  DecimalInput,
  DecimalString,
  divideDecimals,
  formatDecimal,
  parseDecimal,
} from 'src/platform/money/decimal';
import { convertAmount } from 'src/platform/money/money';
import {
  FX_BASE_CURRENCY,
  FX_RATE_SIGNIFICANT_DIGITS,
  FxConversionResult,
  FxRateLookup,
  FxRateMissing,
  FxRateTable,
  NoRateReason,
  SAME_CURRENCY_SOURCE,
} from 'src/modules/currencies/currencies.types';
import { StoredRate } from 'src/modules/currencies/fx-rates.repository';

export interface FxLookupOptions {
  source: string;
  maxRateAgeDays: number;
}

/**
 * The rate from `from` to `to` on `date`, given the latest per-EUR rate on or before `date` of
 * each non-EUR currency (`legOf`). Never guesses: a missing or stale leg is an explicit result.
 */
export function resolveRate(
  from: string,
  to: string,
  date: CalendarDate,
  options: FxLookupOptions,
  legOf: (currency: string) => StoredRate | undefined,
): FxRateLookup {
  assertCalendarDate(date);
  const missing = (reason: NoRateReason, detail: string): FxRateMissing => ({
    status: 'no-rate',
    from,
    to,
    date,
    reason,
    detail,
  });
  for (const currency of [from, to]) {
    if (!isCurrencyCode(currency)) {
      return missing(
        'unknown-currency',
        `${String(currency)} is not an active ISO 4217 currency code`,
      );
    }
  }
  if (from === to) {
    return { status: 'found', from, to, rate: '1', rateDate: date, source: SAME_CURRENCY_SOURCE };
  }
  const legs = new Map<string, StoredRate>();
  for (const currency of legCurrencies(from, to)) {
    const leg = legOf(currency);
    if (!leg) {
      return missing('no-rate', `${options.source} has no ${currency} rate on or before ${date}`);
    }
    const age = daysBetween(leg.rateDate, date);
    if (age > options.maxRateAgeDays) {
      return missing(
        'stale-rate',
        `the latest ${options.source} ${currency} rate on or before ${date} is from ` +
          `${leg.rateDate}, more than ${options.maxRateAgeDays} days earlier`,
      );
    }
    legs.set(currency, leg);
  }
  const perEuro = (currency: string): DecimalString =>
    currency === FX_BASE_CURRENCY ? '1' : legs.get(currency)!.rate;
  const rate =
    from === FX_BASE_CURRENCY
      ? formatDecimal(perEuro(to))
      : divideDecimals(perEuro(to), perEuro(from), FX_RATE_SIGNIFICANT_DIGITS, 'half-even');
  const rateDate = [...legs.values()]
    .map((leg) => leg.rateDate)
    .reduce((oldest, legDate) => (legDate < oldest ? legDate : oldest));
  return { status: 'found', from, to, rate, rateDate, source: options.source };
}

/** `amount` of `lookup.from` in `lookup.to`, or the lookup's explicit absence of a rate. */
export function convertWith(amount: DecimalInput, lookup: FxRateLookup): FxConversionResult {
  if (lookup.status === 'no-rate') return lookup;
  return {
    status: 'converted',
    from: lookup.from,
    to: lookup.to,
    rate: lookup.rate,
    rateDate: lookup.rateDate,
    source: lookup.source,
    amount: convertAmount(amount, lookup.rate, lookup.to),
  };
}

/** The currencies whose per-EUR rate a pair needs. */
export function legCurrencies(from: string, to: string): string[] {
  return [...new Set([from, to])].filter((currency) => currency !== FX_BASE_CURRENCY);
}

/**
 * Rates for many lookups at once (an import, a summary), loaded in one query: the same answers
 * as CurrenciesService.rateFor without a query per row. Only the currencies and the date window it
 * was loaded for can be asked; anything else is a programming error.
 */
export class StoredRateTable implements FxRateTable {
  private readonly byCurrency = new Map<string, StoredRate[]>();
  /** Answers by pair and date: an import converts thousands of rows on the same few days. */
  private readonly answers = new Map<string, FxRateLookup>();

  constructor(
    private readonly options: FxLookupOptions,
    private readonly window: {
      currencies: readonly string[];
      from: CalendarDate;
      to: CalendarDate;
    },
    /** Oldest first per currency. */
    rates: readonly StoredRate[],
  ) {
    for (const currency of window.currencies) this.byCurrency.set(currency, []);
    for (const rate of rates) this.byCurrency.get(rate.currency)?.push(rate);
  }

  rateFor(from: string, to: string, date: CalendarDate): FxRateLookup {
    assertCalendarDate(date);
    if (date < this.window.from || date > this.window.to) {
      throw new RangeError(
        `${date} is outside the window this rate table was loaded for (${this.window.from} to ${this.window.to})`,
      );
    }
    const key = `${from} ${to} ${date}`;
    let answer = this.answers.get(key);
    if (!answer) {
      answer = resolveRate(from, to, date, this.options, (currency) => this.latest(currency, date));
      this.answers.set(key, answer);
    }
    return answer;
  }

  convert(amount: DecimalInput, from: string, to: string, date: CalendarDate): FxConversionResult {
    parseDecimal(amount);
    return convertWith(amount, this.rateFor(from, to, date));
  }

  private latest(currency: string, date: CalendarDate): StoredRate | undefined {
    const rates = this.byCurrency.get(currency);
    if (!rates) throw new RangeError(`${currency} was not loaded into this rate table`);
    // The last rate dated on or before `date`, by binary search.
    let low = 0;
    let high = rates.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (rates[middle].rateDate <= date) low = middle + 1;
      else high = middle;
    }
    return low > 0 ? rates[low - 1] : undefined;
  }
}

export function assertCalendarDate(date: string): void {
  if (!isCalendarDate(date)) {
    throw new AppException(
      'VALIDATION_FAILED',
      `${JSON.stringify(date)} is not a date (YYYY-MM-DD)`,
    );
  }
}
