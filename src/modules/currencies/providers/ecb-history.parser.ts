import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { QuoteCollector } from 'src/modules/currencies/providers/ecb-quotes';
import { FxQuote } from 'src/modules/currencies/providers/fx-rate.provider';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const GZIP_MAGIC = [0x1f, 0x8b];
const HISTORY_ENTRY = /(^|\/)eurofxref-hist\.csv$/;
const MISSING = new Set(['N/A', '']);

/**
 * A history file as the ECB publishes it, told apart by its first bytes rather than its name:
 * `eurofxref-hist.zip`, the `eurofxref-hist.csv` inside it, or that CSV gzipped (as archives and
 * mirrors keep it). Every shape is bounded by `maxCsvBytes` of CSV.
 */
export function parseEcbHistoryFile(
  file: Uint8Array,
  maxCsvBytes: number,
  what = 'ECB rate history',
): FxQuote[] {
  if (startsWith(file, ZIP_MAGIC)) return parseEcbHistoryZip(file, maxCsvBytes, what);
  const collector: QuoteCollector = new QuoteCollector(what);
  let csv = file;
  if (startsWith(file, GZIP_MAGIC)) {
    try {
      csv = gunzipSync(file, { maxOutputLength: maxCsvBytes });
    } catch (error) {
      collector.fail(
        `not a readable gzip file of at most ${maxCsvBytes} bytes (${(error as Error).message})`,
        error,
      );
    }
  } else if (file.byteLength > maxCsvBytes) {
    collector.fail(`the file is larger than ${maxCsvBytes} bytes`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(csv);
  } catch (error) {
    collector.fail('neither a zip archive nor UTF-8 text', error);
  }
  return parseEcbHistoryCsv(text, what);
}

function startsWith(file: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, index) => file[index] === byte);
}

/** The ECB's `eurofxref-hist.zip`: one CSV inside, read through `parseEcbHistoryCsv`. */
export function parseEcbHistoryZip(
  zip: Uint8Array,
  maxCsvBytes: number,
  what = 'ECB rate history',
): FxQuote[] {
  const collector: QuoteCollector = new QuoteCollector(what);
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      // Only the CSV is inflated, and only when its declared size is within bounds.
      filter: (file) => HISTORY_ENTRY.test(file.name) && file.originalSize <= maxCsvBytes,
    });
  } catch (error) {
    collector.fail(`not a readable zip archive (${(error as Error).message})`, error);
  }
  const [csv] = Object.values(files);
  if (!csv) {
    collector.fail(`the archive holds no eurofxref-hist.csv of at most ${maxCsvBytes} bytes`);
  }
  if (csv.byteLength > maxCsvBytes) {
    collector.fail(`eurofxref-hist.csv is larger than ${maxCsvBytes} bytes`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(csv);
  } catch (error) {
    collector.fail('eurofxref-hist.csv is not UTF-8 text', error);
  }
  return parseEcbHistoryCsv(text, what);
}

/**
 * The ECB's wide history CSV: `Date,USD,JPY,…` then one line per publication day, newest first,
 * `N/A` where a currency had no rate, every line ending in a comma (an empty last column).
 * Rows of the wrong length (a truncated download) or any bad value refuse the whole file.
 */
export function parseEcbHistoryCsv(text: string, what = 'ECB rate history'): FxQuote[] {
  const collector: QuoteCollector = new QuoteCollector(what);
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true, bom: true });
  } catch (error) {
    collector.fail(`malformed CSV (${(error as Error).message})`, error);
  }
  const [header, ...days] = rows;
  if (!header || header[0] !== 'Date') collector.fail('the first column is not "Date"');
  const currencies = header.slice(1);
  if (currencies[currencies.length - 1] === '') currencies.pop();
  if (currencies.length === 0) collector.fail('the header names no currency');
  if (days.length === 0) collector.fail('the file holds no rates');
  const seenDates = new Set<string>();
  days.forEach((row, index) => {
    // Line numbers as a person counts them in the file: the header is line 1.
    const where = `line ${index + 2}`;
    const date = row[0];
    if (seenDates.has(date)) collector.fail(`${where}: ${date} appears twice`);
    seenDates.add(date);
    if (row.slice(currencies.length + 1).some((cell) => cell !== '')) {
      collector.fail(`${where}: a value beyond the last currency column`);
    }
    currencies.forEach((currency, column) => {
      const value = row[column + 1];
      if (!MISSING.has(value)) collector.add(date, currency, value, where);
    });
  });
  return collector.quotes;
}
