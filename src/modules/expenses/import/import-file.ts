import { Readable } from 'node:stream';
import { AppException } from 'src/platform/errors/app.exception';
import { CsvImportOptions } from 'src/modules/expenses/import/csv-import.options';
import {
  IMPORT_DELIMITER_NAMES,
  ImportExpensesQuery,
} from 'src/modules/expenses/import/dto/import-expenses.query';
import {
  InvalidImportFileError,
  ParsedImportRow,
  parseExpenseCsv,
} from 'src/modules/expenses/import/expense-csv.parser';

/** The parser's option names, as the query names them. */
const QUERY_FIELDS: Record<string, string> = {
  'columns.date': 'dateColumn',
  'columns.amount': 'amountColumn',
  'columns.currency': 'currencyColumn',
  'columns.fixedCurrency': 'currency',
  'columns.payee': 'payeeColumn',
  'columns.category': 'categoryColumn',
  'columns.note': 'noteColumn',
};

/** The parser's options for a validated import query. */
export function parserOptions(query: ImportExpensesQuery, maxRows: number): CsvImportOptions {
  return {
    columns: {
      date: query.dateColumn,
      amount: query.amountColumn,
      currency: query.currencyColumn,
      fixedCurrency: query.currency,
      payee: query.payeeColumn,
      category: query.categoryColumn,
      note: query.noteColumn,
    },
    dateFormat: query.dateFormat,
    decimalFormat: query.decimalFormat,
    delimiter: IMPORT_DELIMITER_NAMES[query.delimiter],
    // Negative rows are parsed either way; with `reject` the parser makes them row errors.
    allowNegativeAmounts: query.negativeAmounts === 'skip',
    maxRows,
  };
}

/** What an import keeps of its query: how the file was read, not how the request was made. */
export function storedOptions(query: ImportExpensesQuery): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query).filter(
      (entry): entry is [string, string] =>
        entry[0] !== 'dryRun' && entry[0] !== 'fileName' && entry[1] !== undefined,
    ),
  );
}

/**
 * Every row of the file, parsed. The whole file is read before anything is decided: a commit
 * is all or nothing, so it cannot start writing before it knows the last row is sound. A file
 * that cannot be read at all is a 4xx naming the query parameter at fault.
 */
export async function readImportFile(
  text: Readable,
  options: CsvImportOptions,
): Promise<ParsedImportRow[]> {
  const parsed: ParsedImportRow[] = [];
  try {
    for await (const item of parseExpenseCsv(text, options)) parsed.push(item);
  } catch (error) {
    if (error instanceof InvalidImportFileError) {
      throw new AppException(error.code, error.detail, {
        errors: error.options.errors?.map((entry) => ({
          ...entry,
          field: QUERY_FIELDS[entry.field] ?? entry.field,
        })),
      });
    }
    throw error;
  }
  if (parsed.length === 0) {
    throw new AppException('VALIDATION_FAILED', 'The file has a header but no data rows');
  }
  return parsed;
}
