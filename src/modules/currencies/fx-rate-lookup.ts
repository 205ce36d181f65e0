import {
  addDays,
  CalendarDate,
  daysBetween,
  isCalendarDate,
} from 'src/platform/dates/calendar-date';
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
import { StoredRange, StoredRate } from 'src/modules/currencies/fx-rates.repository';

/** How an offline installation gets rates: named wherever a rate is missing for lack of them. */
export const FX_IMPORT_COMMAND = 'npm run cli -- fx:import FILE';

export interface FxLookupOptions {
  source: string;
  maxRateAgeDays: number;
  /** The source's first publication (FxRateProvider.historyStart). */
  historyStart: CalendarDate;
  /** What this installation has stored of the source, for saying what a missing rate lacks. */
  stored: StoredRange | null;
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
      return missing('no-rate', missingDetail(from, to, date, currency, undefined, options));
    }
    const age = daysBetween(leg.rateDate, date);
    if (age > options.maxRateAgeDays) {
      return missing('stale-rate', missingDetail(from, to, date, currency, leg.rateDate, options));
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

/**
 * Why no rate could be used, as what this installation lacks: no rates at all yet, none after
 * (or before) the dates it holds, or none recent enough for this one currency. The source may
 * well have published the rate; what matters to the reader is what to do to get it.
 */
function missingDetail(
  from: string,
  to: string,
  date: CalendarDate,
  currency: string,
  latest: CalendarDate | undefined,
  options: FxLookupOptions,
): string {
  const { source, maxRateAgeDays: age, stored } = options;
  const window = age === 0 ? '' : ` or the ${age === 1 ? 'day' : `${age} days`} before it`;
  const head = `No ${from}→${to} rate is stored for ${date}${window}`;
  if (!stored) {
    return (
      `${head}: this installation has no exchange rates yet (import them with ` +
      `\`${FX_IMPORT_COMMAND}\` or wait for the daily ${source} refresh)`
    );
  }
  if (addDays(stored.lastDate, age) < date) {
    return (
      `${head}: this installation's ${source} rates end on ${stored.lastDate} (the daily ` +
      `${source} refresh adds newer ones; \`${FX_IMPORT_COMMAND}\` imports a history file)`
    );
  }
  if (date < stored.firstDate) {
    return stored.firstDate > options.historyStart
      ? `${head}: this installation's ${source} rates begin on ${stored.firstDate} (import ` +
          `the full history with \`${FX_IMPORT_COMMAND}\`)`
      : `${head}: ${source} rates begin on ${stored.firstDate}`;
  }
  return latest
    ? `${head}: the latest ${source} ${currency} rate stored is from ${latest}`
    : `${head}: this installation's ${source} rates (${stored.firstDate} to ${stored.lastDate}) ` +
        `include none for ${currency}`;
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
