import { Readable } from 'node:stream';
import { CsvError, Info, parse } from 'csv-parse';
import { CalendarDate } from 'src/platform/dates/calendar-date';
import { AppException, FieldError } from 'src/platform/errors/app.exception';
import { findCurrency } from 'src/platform/money/currency-catalogue';
import { decimalShape, DecimalString } from 'src/platform/money/decimal';
import { EXPENSE_LIMITS } from 'src/modules/expenses/expense-values';
import {
  ColumnMapping,
  CsvImportOptions,
  DEFAULT_MAX_IMPORT_ROWS,
  MAX_CATEGORY_LENGTH,
  MAX_NOTE_LENGTH,
  MAX_PAYEE_LENGTH,
  validateImportOptions,
} from 'src/modules/expenses/import/csv-import.options';
import { dedupeKey, normalisePayee } from 'src/modules/expenses/import/dedupe-key';
import { parseAmountIn, parseDateIn } from 'src/modules/expenses/import/value-formats';

/** One data row that passed every check, ready to become an expense. */
export interface ImportedExpenseRow {
  /** Line in the file (the header is line 1; a quoted value spanning lines ends on this one). */
  line: number;
  date: CalendarDate;
  /** Padded to the currency's minor unit: `"12.50"`, `"7"` in JPY. */
  amount: DecimalString;
  currency: string;
  payee: string | null;
  category: string | null;
  note: string | null;
  /**
   * How many valid rows before this one share its date, amount, currency and normalised payee
   * (0 for the first): the last part of the dedupe key, also what an importer compares with the
   * number of such expenses it already has.
   */
  occurrence: number;
  dedupeKey: string;
}

export interface ImportRowError {
  line: number;
  /** Fields named as the mapping names them (`date`, `amount`, `currency`, …). */
  errors: FieldError[];
}

export type ParsedImportRow =
  { kind: 'row'; row: ImportedExpenseRow } | { kind: 'error'; error: ImportRowError };

/** The file or the options cannot be read at all: nothing from it may be imported. */
export class InvalidImportFileError extends AppException {
  constructor(detail: string, errors?: FieldError[]) {
    super('VALIDATION_FAILED', detail, errors ? { errors } : {});
    this.name = 'InvalidImportFileError';
  }
}

interface ColumnIndexes {
  date: number;
  amount: number;
  currency?: number;
  payee?: number;
  category?: number;
  note?: number;
}

/**
 * Reads an expense CSV as a stream and yields, in file order, each data row either validated
 * and normalised or with its own errors. Row problems never stop the file; a file that is not
 * CSV, lacks a mapped column or has too many rows throws InvalidImportFileError (possibly after
 * some rows were yielded, so a caller commits only once the whole file has been read).
 */
export async function* parseExpenseCsv(
  source: Readable | AsyncIterable<string | Uint8Array>,
  options: CsvImportOptions,
): AsyncGenerator<ParsedImportRow> {
  const optionErrors = validateImportOptions(options);
  if (optionErrors.length > 0) {
    throw new InvalidImportFileError('The import options are invalid', optionErrors);
  }
  const maxRows = options.maxRows ?? DEFAULT_MAX_IMPORT_ROWS;
  const parser = parse({
    delimiter: options.delimiter ?? ',',
    bom: true,
    trim: true,
    skip_empty_lines: true,
    // Row length is checked here, so a short row is that row's error, not the file's.
    relax_column_count: true,
    max_record_size: 64 * 1024,
    info: true,
  });
  const input = source instanceof Readable ? source : Readable.from(source);
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);

  let columns: ColumnIndexes | undefined;
  let width = 0;
  let rows = 0;
  // csv-parse counts a CRLF inside a quoted value as two lines (CR, then LF), so in a Windows
  // file every row after a multi-line value would name the wrong line; this undoes that.
  let crlfInsideValues = 0;
  const occurrences = new Map<string, number>();
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: Info;
    }>) {
      for (const value of record) crlfInsideValues += value.split('\r\n').length - 1;
      if (!columns) {
        columns = locateColumns(record, options.columns);
        width = record.length;
        continue;
      }
      if (++rows > maxRows) {
        throw new InvalidImportFileError(`The file has more than ${maxRows} rows`);
      }
      const line = info.lines - crlfInsideValues;
      if (record.length !== width) {
        yield rowError(
          line,
          'row',
          `the row has ${record.length} fields where the header has ${width}`,
        );
        continue;
      }
      yield checkRow(record, line, columns, options, occurrences);
    }
  } catch (error) {
    if (error instanceof CsvError) {
      throw new InvalidImportFileError(`The file is not valid CSV: ${error.message}`);
    }
    throw error;
  } finally {
    input.unpipe(parser);
    parser.destroy();
    if (!input.destroyed) input.destroy();
  }
  if (!columns) throw new InvalidImportFileError('The file is empty: no header row');
}

function locateColumns(header: string[], mapping: ColumnMapping): ColumnIndexes {
  const errors: FieldError[] = [];
  const index = (field: keyof ColumnMapping): number | undefined => {
    const name = mapping[field];
    if (name === undefined || field === 'fixedCurrency') return undefined;
    const found = header.indexOf(name);
    if (found < 0) {
      errors.push({ field: `columns.${field}`, messages: [`the file has no column "${name}"`] });
    } else if (header.indexOf(name, found + 1) >= 0) {
      // Taking the first of two same-named columns would import the wrong one without a word.
      errors.push({
        field: `columns.${field}`,
        messages: [`the file has more than one column "${name}"`],
      });
    }
    return found;
  };
  const columns = {
    date: index('date') ?? -1,
    amount: index('amount') ?? -1,
    currency: index('currency'),
    payee: index('payee'),
    category: index('category'),
    note: index('note'),
  };
  if (errors.length > 0) {
    throw new InvalidImportFileError('The file lacks a mapped column', errors);
  }
  return columns;
}

function checkRow(
  record: string[],
  line: number,
  columns: ColumnIndexes,
  options: CsvImportOptions,
  occurrences: Map<string, number>,
): ParsedImportRow {
  const errors: FieldError[] = [];
  const problem = (field: string, message: string): void => {
    errors.push({ field, messages: [message] });
  };
  const cell = (at: number | undefined): string => (at === undefined ? '' : (record[at] ?? ''));
  const text = (field: string, at: number | undefined, maxLength: number): string | null => {
    const value = withoutFormulaGuard(cell(at));
    if (value.length > maxLength) problem(field, `${field} is longer than ${maxLength} characters`);
    return value === '' ? null : value;
  };

  const rawDate = cell(columns.date);
  const date = parseDateIn(rawDate, options.dateFormat);
  if (!date) {
    problem('date', `"${clip(rawDate)}" is not a date written ${options.dateFormat}`);
  } else if (date < EXPENSE_LIMITS.earliestDate || date > EXPENSE_LIMITS.latestDate) {
    problem(
      'date',
      `${date} is outside ${EXPENSE_LIMITS.earliestDate} to ${EXPENSE_LIMITS.latestDate}`,
    );
  }

  const currencyCode = options.columns.fixedCurrency ?? cell(columns.currency).toUpperCase();
  const currency = findCurrency(currencyCode);
  if (!currency) {
    problem('currency', `"${clip(currencyCode)}" is not an active ISO 4217 currency code`);
  }

  const rawAmount = cell(columns.amount);
  let amount = parseAmountIn(rawAmount, options.decimalFormat);
  const shape = decimalShape(amount);
  if (!amount || !shape) {
    problem(
      'amount',
      `"${clip(rawAmount)}" is not an amount written like ${options.decimalFormat}`,
    );
  } else if (shape.isZero) {
    problem('amount', 'amount must not be zero');
  } else if (shape.negative && !options.allowNegativeAmounts) {
    problem(
      'amount',
      'amount is negative (a refund or repayment?) and negative amounts are not allowed',
    );
  } else if (shape.integerDigits > EXPENSE_LIMITS.amountIntegerDigits) {
    // What an expense can hold (numeric(16, 4)); a longer one would fail the whole commit.
    problem(
      'amount',
      `amount may have at most ${EXPENSE_LIMITS.amountIntegerDigits} digits before the decimal point`,
    );
  } else if (currency && shape.fractionDigits > currency.minorUnit) {
    problem(
      'amount',
      `amount has more decimals than ${currency.code} allows (${currency.minorUnit})`,
    );
  } else if (currency) {
    amount = withDecimals(amount, shape.fractionDigits, currency.minorUnit);
  }

  const payee = text('payee', columns.payee, MAX_PAYEE_LENGTH);
  const category = text('category', columns.category, MAX_CATEGORY_LENGTH);
  const note = text('note', columns.note, MAX_NOTE_LENGTH);

  if (errors.length > 0 || !date || !amount || !currency) {
    return { kind: 'error', error: { line, errors } };
  }
  const base = JSON.stringify([date, amount, currency.code, normalisePayee(payee)]);
  const occurrence = occurrences.get(base) ?? 0;
  occurrences.set(base, occurrence + 1);
  return {
    kind: 'row',
    row: {
      line,
      date,
      amount,
      currency: currency.code,
      payee,
      category,
      note,
      occurrence,
      dedupeKey: dedupeKey(date, amount, currency.code, payee, occurrence),
    },
  };
}

function rowError(line: number, field: string, message: string): ParsedImportRow {
  return { kind: 'error', error: { line, errors: [{ field, messages: [message] }] } };
}

/** `amount`, which has `has` decimals, written with `wanted` (never fewer than it has). */
function withDecimals(amount: DecimalString, has: number, wanted: number): DecimalString {
  if (has === wanted) return amount;
  return `${amount}${has === 0 ? '.' : ''}${'0'.repeat(wanted - has)}`;
}

/**
 * Spreadsheet-safe exports (ours included) write a text cell that starts with `=`, `+`, `-`, `@`,
 * a tab or a carriage return behind a `'`, so that a spreadsheet does not run it as a formula;
 * the `'` is not part of the value.
 */
function withoutFormulaGuard(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

/** Cell text quoted back in a message, cut so one huge cell cannot bloat a preview. */
function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
