import { FieldError } from 'src/platform/errors/app.exception';
import { isCurrencyCode } from 'src/platform/money/currency-catalogue';
import { CATEGORY_NAME_MAX } from 'src/modules/expenses/categories/category.types';
import { EXPENSE_LIMITS } from 'src/modules/expenses/expense-values';
import {
  DATE_FORMATS,
  DateFormat,
  DECIMAL_FORMATS,
  DecimalFormat,
} from 'src/modules/expenses/import/value-formats';

export const IMPORT_DELIMITERS = [',', ';', '\t'] as const;
export type ImportDelimiter = (typeof IMPORT_DELIMITERS)[number];

export const DEFAULT_MAX_IMPORT_ROWS = 100_000;
export const MAX_PAYEE_LENGTH = EXPENSE_LIMITS.payee;
/** A category name, or a sub-category written `Parent / Child` (two names and the separator). */
export const MAX_CATEGORY_LENGTH = 2 * CATEGORY_NAME_MAX + 3;
export const MAX_NOTE_LENGTH = EXPENSE_LIMITS.note;

/** Which header names hold what. Exactly one of `currency` (a column) or `fixedCurrency`. */
export interface ColumnMapping {
  date: string;
  amount: string;
  currency?: string;
  fixedCurrency?: string;
  payee?: string;
  category?: string;
  note?: string;
}

export interface CsvImportOptions {
  columns: ColumnMapping;
  dateFormat: DateFormat;
  decimalFormat: DecimalFormat;
  /** `,` by default. */
  delimiter?: ImportDelimiter;
  /** Refunds and repayments are negative in many exports; refused unless allowed. */
  allowNegativeAmounts?: boolean;
  /** More data rows than this stops the whole import (100,000 by default). */
  maxRows?: number;
}

/** Every problem with the options themselves, as field errors; empty when they are usable. */
export function validateImportOptions(options: CsvImportOptions): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string): void => {
    errors.push({ field, messages: [message] });
  };
  const { columns } = options;
  for (const field of ['date', 'amount'] as const) {
    if (!isColumnName(columns[field]))
      add(`columns.${field}`, `columns.${field} must name a column`);
  }
  for (const field of ['currency', 'payee', 'category', 'note'] as const) {
    if (columns[field] !== undefined && !isColumnName(columns[field])) {
      add(`columns.${field}`, `columns.${field} must name a column`);
    }
  }
  if ((columns.currency === undefined) === (columns.fixedCurrency === undefined)) {
    add('columns', 'give either columns.currency (a column) or columns.fixedCurrency, not both');
  } else if (columns.fixedCurrency !== undefined && !isCurrencyCode(columns.fixedCurrency)) {
    add(
      'columns.fixedCurrency',
      'columns.fixedCurrency must be an active ISO 4217 currency code such as EUR',
    );
  }
  const mapped = Object.entries(columns)
    .filter(([key, value]) => key !== 'fixedCurrency' && value !== undefined)
    .map(([, value]) => value as string);
  if (new Set(mapped).size !== mapped.length) {
    add('columns', 'each column may be mapped to one field only');
  }
  if (!(DATE_FORMATS as readonly string[]).includes(options.dateFormat)) {
    add('dateFormat', `dateFormat must be one of ${DATE_FORMATS.join(', ')}`);
  }
  if (!(DECIMAL_FORMATS as readonly string[]).includes(options.decimalFormat)) {
    add('decimalFormat', `decimalFormat must be one of ${DECIMAL_FORMATS.join(', ')}`);
  }
  if (
    options.delimiter !== undefined &&
    !(IMPORT_DELIMITERS as readonly string[]).includes(options.delimiter)
  ) {
    add('delimiter', 'delimiter must be a comma, a semicolon or a tab');
  }
  if (
    options.maxRows !== undefined &&
    (!Number.isInteger(options.maxRows) || options.maxRows < 1)
  ) {
    add('maxRows', 'maxRows must be a whole number of at least 1');
  }
  return errors;
}

function isColumnName(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= 200;
}
