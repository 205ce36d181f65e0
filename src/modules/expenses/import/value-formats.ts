import { CalendarDate, formatCalendarDate, isCalendarDate } from 'src/platform/dates/calendar-date';
import { DecimalString, isDecimalString } from 'src/platform/money/decimal';

export const DATE_FORMATS = ['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** Named by how 1234.56 is written. */
export const DECIMAL_FORMATS = ['1234.56', '1.234,56', '1,234.56'] as const;
export type DecimalFormat = (typeof DECIMAL_FORMATS)[number];

const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day written in `format`, or undefined (31/02/2026 and 2026-1-5 included). */
export function parseDateIn(text: string, format: DateFormat): CalendarDate | undefined {
  if (format === 'YYYY-MM-DD') return ISO.test(text) && isCalendarDate(text) ? text : undefined;
  const match = SLASHED.exec(text);
  if (!match) return undefined;
  const [first, second, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const [day, month] = format === 'DD/MM/YYYY' ? [first, second] : [second, first];
  if (month < 1 || month > 12 || day < 1) return undefined;
  const date = formatCalendarDate({ year, month, day });
  return isCalendarDate(date) ? date : undefined;
}

const PLAIN = /^-?(?:\d+(?:\.\d+)?|\.\d+)$/;
/** Groups of three after the first, or no grouping at all. */
const GROUPED: Record<Exclude<DecimalFormat, '1234.56'>, { pattern: RegExp; group: string }> = {
  '1,234.56': { pattern: /^-?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)$/, group: ',' },
  '1.234,56': { pattern: /^-?(?:(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?|,\d+)$/, group: '.' },
};

/**
 * A decimal string from an amount written in `format` (`"1.234,56"` → `"1234.56"`), or
 * undefined. Thousands separators must sit every three digits; currency symbols, spaces
 * inside, exponents and a second decimal mark are refused rather than guessed at.
 */
export function parseAmountIn(text: string, format: DecimalFormat): DecimalString | undefined {
  let plain: string;
  if (format === '1234.56') {
    if (!PLAIN.test(text)) return undefined;
    plain = text;
  } else {
    const { pattern, group } = GROUPED[format];
    if (!pattern.test(text)) return undefined;
    plain = text.split(group).join('');
    if (format === '1.234,56') plain = plain.replace(',', '.');
  }
  // Spreadsheets write ".75" and "007.50"; both are unambiguous, so a file may use them
  // (the API itself accepts only the canonical form, which is what comes out).
  const canonical = plain.replace(/^(-?)0+(?=\d)/, '$1').replace(/^(-?)\./, '$10.');
  // Trailing zeros dropped by string, as formatDecimal would: a Decimal per row costs more
  // than the rest of reading a 50,000-row file.
  return isDecimalString(canonical)
    ? canonical.includes('.')
      ? canonical.replace(/0+$/, '').replace(/\.$/, '')
      : canonical
    : undefined;
}
