import { CalendarDate } from 'src/platform/dates/calendar-date';
import { DecimalString } from 'src/platform/money/decimal';

/** One published reference rate: `rate` units of `currency` buy 1 EUR on `date`. */
export interface FxQuote {
  date: CalendarDate;
  currency: string;
  rate: DecimalString;
}

/**
 * Where reference rates come from. Every provider quotes against the euro, so that any pair is
 * a cross rate through EUR. Implementations fetch and parse; they store nothing, and they
 * reject a source's answer as a whole when any part of it is malformed.
 * (An abstract class rather than an interface so that Nest can inject it by this name.)
 */
export abstract class FxRateProvider {
  /** Stored with every rate, e.g. `ECB`. */
  abstract readonly source: string;

  /** The day of the source's first publication: a stored history starting later is partial. */
  abstract readonly historyStart: CalendarDate;

  /** The most recent publication. */
  abstract fetchLatest(): Promise<FxQuote[]>;

  /** Everything the source has published. */
  abstract fetchHistory(): Promise<FxQuote[]>;

  /**
   * A history file in the source's own format, obtained by other means (an offline
   * installation, demo data); `what` names it in errors.
   */
  abstract parseHistoryFile(file: Uint8Array, what: string): FxQuote[];
}
