/**
 * Cells a spreadsheet would read as a formula (or as the start of one): `=`, `+`, `-`, `@`, and
 * a tab or carriage return that some spreadsheets skip before looking for those.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** What forces a field into quotes (RFC 4180): the delimiter, a quote, a line break. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * A cell as written to a CSV file meant for spreadsheets: a value that could run as a formula
 * is prefixed with `'` (OWASP's advice on CSV injection). The importer reads such a cell back
 * without the `'`.
 */
export function guardFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One RFC 4180 record: comma-separated, quoted where needed with quotes doubled, CRLF. */
export function csvRecord(values: readonly (string | null)[]): string {
  return `${values
    .map((value) => {
      const cell = guardFormula(value ?? '');
      return NEEDS_QUOTES.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
    })
    .join(',')}\r\n`;
}
