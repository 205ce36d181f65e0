import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from 'src/config/app-config';
import { addDays, CalendarDate } from 'src/platform/dates/calendar-date';
import { AppException } from 'src/platform/errors/app.exception';
import { isCurrencyCode } from 'src/platform/money/currency-catalogue';
import { DecimalInput, parseDecimal } from 'src/platform/money/decimal';
import {
  FX_BASE_CURRENCY,
  FxConversionResult,
  FxImportResult,
  FxRateLookup,
  FxRateTable,
} from 'src/modules/currencies/currencies.types';
import {
  assertCalendarDate,
  convertWith,
  FxLookupOptions,
  legCurrencies,
  resolveRate,
  StoredRateTable,
} from 'src/modules/currencies/fx-rate-lookup';
import { FxRatesRepository, StoredRange } from 'src/modules/currencies/fx-rates.repository';
import { FxQuote, FxRateProvider } from 'src/modules/currencies/providers/fx-rate.provider';

/**
 * The one way any module converts money between currencies: an amount from one currency to
 * another on a date, with the rate, its publication date and source, or the explicit missing
 * state (never a guess). `rateTable` is the fast path for code converting many rows at once.
 * Also keeps the reference rates: fetched from the provider and stored (the scheduled refresh
 * calls `refreshLatest`; `importHistory` fills an empty database, `importHistoryFile` does the
 * same from a file without the internet).
 */
@Injectable()
export class CurrenciesService {
  private readonly logger = new Logger('FxRates');

  constructor(
    private readonly rates: FxRatesRepository,
    private readonly provider: FxRateProvider,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Fetches the latest publication and stores it; safe to run any number of times. */
  async refreshLatest(): Promise<FxImportResult> {
    return this.store(await this.provider.fetchLatest(), 'latest rates');
  }

  /** Fetches the whole history and stores what is new or changed; safe to run again. */
  async importHistory(): Promise<FxImportResult> {
    return this.store(await this.provider.fetchHistory(), 'rate history');
  }

  /**
   * Stores the rates of a history file in the provider's own format (the ECB's
   * `eurofxref-hist.zip` or its CSV), as an offline installation or the demo data has it;
   * `what` names the file in the log and in errors. Safe to run again: nothing unchanged is
   * written.
   */
  async importHistoryFile(file: Uint8Array, what: string): Promise<FxImportResult> {
    return this.store(this.provider.parseHistoryFile(file, what), what);
  }

  /** Whether any rate of the provider is stored (false on a new installation). */
  hasRates(): Promise<boolean> {
    return this.rates.hasAny(this.provider.source);
  }

  /**
   * Whether the stored rates go back to the provider's first publication: false on a new
   * installation and on one holding only a few months (the demo's, a partial file).
   */
  async hasFullHistory(): Promise<boolean> {
    const stored = await this.rates.findStoredRange(this.provider.source);
    return stored !== null && stored.firstDate <= this.provider.historyStart;
  }

  /** The rate from `from` to `to` for `date`, or why there is none. */
  async rateFor(from: string, to: string, date: CalendarDate): Promise<FxRateLookup> {
    assertCalendarDate(date);
    const needed = [from, to].every(isCurrencyCode) ? legCurrencies(from, to) : [];
    const legs =
      needed.length > 0 && from !== to
        ? await this.rates.findLatestOnOrBefore(this.provider.source, needed, date)
        : [];
    const legOf = (currency: string) => legs.find((leg) => leg.currency === currency);
    const answer = resolveRate(from, to, date, this.lookupOptions(null), legOf);
    if (answer.status === 'found' || answer.reason === 'unknown-currency') return answer;
    // Said again knowing what is stored: the rare path pays for the query.
    const stored = await this.rates.findStoredRange(this.provider.source);
    return resolveRate(from, to, date, this.lookupOptions(stored), legOf);
  }

  /** `amount` converted at `rateFor(from, to, date)`, rounded half-even to `to`'s minor unit. */
  async convert(
    amount: DecimalInput,
    from: string,
    to: string,
    date: CalendarDate,
  ): Promise<FxConversionResult> {
    parseDecimal(amount);
    return convertWith(amount, await this.rateFor(from, to, date));
  }

  /**
   * Every rate needed to convert between `currencies` on any date from `fromDate` to `toDate`,
   * loaded in one query, for code that converts many rows.
   */
  async rateTable(
    currencies: readonly string[],
    fromDate: CalendarDate,
    toDate: CalendarDate,
  ): Promise<FxRateTable> {
    assertCalendarDate(fromDate);
    assertCalendarDate(toDate);
    if (toDate < fromDate) {
      throw new AppException('VALIDATION_FAILED', `${toDate} is before ${fromDate}`);
    }
    const source = this.provider.source;
    const maxRateAgeDays = this.config.fx.maxRateAgeDays;
    const loaded = [...new Set(currencies)].filter(
      (currency) => isCurrencyCode(currency) && currency !== FX_BASE_CURRENCY,
    );
    const [rates, stored] =
      loaded.length > 0
        ? await Promise.all([
            this.rates.findBetween(source, loaded, addDays(fromDate, -maxRateAgeDays), toDate),
            this.rates.findStoredRange(source),
          ])
        : [[], null];
    return new StoredRateTable(
      this.lookupOptions(stored),
      { currencies: loaded, from: fromDate, to: toDate },
      rates,
    );
  }

  private async store(quotes: FxQuote[], what: string): Promise<FxImportResult> {
    const source = this.provider.source;
    const counts = await this.dataSource.transaction((manager) =>
      this.rates.upsertMany(source, quotes, manager),
    );
    const dates = quotes.map((quote) => quote.date).sort();
    const result: FxImportResult = {
      source,
      received: quotes.length,
      inserted: counts.inserted,
      updated: counts.updated,
      unchanged: quotes.length - counts.inserted - counts.updated,
      firstDate: dates[0] ?? null,
      lastDate: dates[dates.length - 1] ?? null,
      days: new Set(dates).size,
      currencies: [...new Set(quotes.map((quote) => quote.currency))].sort(),
    };
    const { currencies, ...summary } = result;
    this.logger.log({ msg: `Stored ${source} ${what}`, ...summary, currencies: currencies.length });
    return result;
  }

  private lookupOptions(stored: StoredRange | null): FxLookupOptions {
    return {
      source: this.provider.source,
      maxRateAgeDays: this.config.fx.maxRateAgeDays,
      historyStart: this.provider.historyStart,
      stored,
    };
  }
}
