import { createHash } from 'node:crypto';
import { CalendarDate } from 'src/platform/dates/calendar-date';
import { DecimalString } from 'src/platform/money/decimal';

/** Payees differ in case, spacing and Unicode form between exports of the same bank. */
export function normalisePayee(payee: string | null): string {
  return (payee ?? '').normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * A stable key for "the same expense": SHA-256 of the date, the normalised amount and
 * currency, the normalised payee, and which occurrence of that combination in the file it is.
 * The occurrence keeps two identical coffees on one day apart, while importing the same file
 * (or an overlapping export) again yields the same keys for the rows already imported.
 */
export function dedupeKey(
  date: CalendarDate,
  amount: DecimalString,
  currency: string,
  payee: string | null,
  occurrence: number,
): string {
  return createHash('sha256')
    .update(JSON.stringify([date, amount, currency, normalisePayee(payee), occurrence]))
    .digest('base64url');
}
