import { isCalendarDate } from 'src/platform/dates/calendar-date';
import { AppException } from 'src/platform/errors/app.exception';
import { decimalShape } from 'src/platform/money/decimal';
import { FxQuote } from 'src/modules/currencies/providers/fx-rate.provider';

const CURRENCY = /^[A-Z]{3}$/;

/** The ECB sent something we cannot read with certainty: the whole file is refused. */
export class InvalidRatesFileError extends AppException {
  constructor(what: string, reason: string, cause?: unknown) {
    super('UPSTREAM_INVALID_RESPONSE', `${what}: ${reason}`, { cause });
    this.name = 'InvalidRatesFileError';
  }
}

/**
 * Collects the quotes of one file, refusing anything that is not a real date, a three-letter
 * code and a positive decimal rate, and any (date, currency) given twice.
 */
export class QuoteCollector {
  readonly quotes: FxQuote[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly what: string) {}

  add(date: unknown, currency: unknown, rate: unknown, where: string): void {
    if (!isCalendarDate(date)) this.fail(`${where}: ${JSON.stringify(date)} is not a date`);
    if (typeof currency !== 'string' || !CURRENCY.test(currency)) {
      this.fail(`${where}: ${JSON.stringify(currency)} is not a currency code`);
    }
    const shape = decimalShape(rate);
    if (!shape || shape.negative || shape.isZero) {
      this.fail(`${where}: ${JSON.stringify(rate)} is not a positive decimal rate for ${currency}`);
    }
    const key = `${date}/${currency}`;
    if (this.seen.has(key)) this.fail(`${where}: ${currency} appears twice for ${date}`);
    this.seen.add(key);
    this.quotes.push({ date, currency, rate: rate as string });
  }

  fail(reason: string, cause?: unknown): never {
    throw new InvalidRatesFileError(this.what, reason, cause);
  }
}
