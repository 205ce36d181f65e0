import { strToU8, zipSync } from 'fflate';
import { gzipSync } from 'node:zlib';
import {
  parseEcbHistoryCsv,
  parseEcbHistoryFile,
  parseEcbHistoryZip,
} from 'src/modules/currencies/providers/ecb-history.parser';
import { InvalidRatesFileError } from 'src/modules/currencies/providers/ecb-quotes';
import { countCsvRates, ecbHistoryZip, fixture } from 'test/support/ecb-files';

const MAX_BYTES = 1024 * 1024;

function failureOf(parse: () => unknown): Error {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRatesFileError);
    return error as Error;
  }
  throw new Error('expected the file to be refused');
}

describe('ECB history', () => {
  const csv = fixture('eurofxref-hist.csv');

  it('reads a history file by its content: the zip, the CSV in it, or that CSV gzipped', () => {
    const expected = parseEcbHistoryCsv(csv);
    expect(parseEcbHistoryFile(ecbHistoryZip(csv), MAX_BYTES)).toEqual(expected);
    expect(parseEcbHistoryFile(strToU8(csv), MAX_BYTES)).toEqual(expected);
    expect(parseEcbHistoryFile(gzipSync(csv), MAX_BYTES)).toEqual(expected);
    expect(parseEcbHistoryFile(strToU8(`\uFEFF${csv}`), MAX_BYTES)).toEqual(expected);
  });

  it('refuses a file that is none of them, or too large in any shape', () => {
    expect(
      failureOf(() => parseEcbHistoryFile(Uint8Array.of(0xff, 0xfe, 0x00), MAX_BYTES)).message,
    ).toMatch(/neither a zip archive nor UTF-8 text/);
    expect(failureOf(() => parseEcbHistoryFile(strToU8(csv), 100)).message).toMatch(
      /larger than 100 bytes/,
    );
    expect(failureOf(() => parseEcbHistoryFile(gzipSync(csv), 100)).message).toMatch(
      /not a readable gzip file of at most 100 bytes/,
    );
    expect(failureOf(() => parseEcbHistoryFile(strToU8('Date,USD,\n'), MAX_BYTES)).message).toMatch(
      /holds no rates/,
    );
  });

  it('reads every published rate of the wide CSV, skipping N/A and the trailing column', () => {
    const quotes = parseEcbHistoryCsv(csv);
    expect(quotes).toHaveLength(countCsvRates(csv));
    expect(quotes).toHaveLength(27);
    expect(quotes.slice(0, 4)).toEqual([
      { date: '2026-04-13', currency: 'USD', rate: '1.1684' },
      { date: '2026-04-13', currency: 'JPY', rate: '186.75' },
      { date: '2026-04-13', currency: 'GBP', rate: '0.87058' },
      { date: '2026-04-13', currency: 'ISK', rate: '143.2' },
    ]);
    expect(
      quotes.filter((quote) => quote.currency === 'ISK').map((quote) => quote.date),
    ).not.toContain('2026-04-10');
    expect(quotes.some((quote) => quote.currency === 'HRK')).toBe(false);
  });

  it('reads the CSV out of the zip the ECB serves', () => {
    expect(parseEcbHistoryZip(ecbHistoryZip(csv), MAX_BYTES)).toEqual(parseEcbHistoryCsv(csv));
  });

  it('accepts a file without the trailing comma and with a byte-order mark', () => {
    const plain = `\uFEFF${csv.replace(/,\n/g, '\n')}`;
    expect(parseEcbHistoryCsv(plain)).toEqual(parseEcbHistoryCsv(csv));
  });

  const lines = csv.trim().split('\n');

  it.each<[string, string, RegExp]>([
    [
      'truncated in the middle of a line',
      csv.slice(0, csv.indexOf('2026-04-08') + 20),
      /malformed CSV \(Invalid Record Length/,
    ],
    [
      'a line with a missing column',
      [lines[0], '2026-04-13,1.1684,186.75,', ...lines.slice(2)].join('\n'),
      /malformed CSV/,
    ],
    ['a header without Date', csv.replace('Date,', 'Day,'), /the first column is not "Date"/],
    ['only a header', `${lines[0]}\n`, /the file holds no rates/],
    ['a header without currencies', 'Date,\n2026-04-13,\n', /the header names no currency/],
    ['an empty file', '', /the first column is not "Date"/],
    [
      'an impossible date',
      csv.replace('2026-04-09', '2026-04-31'),
      /line 4: "2026-04-31" is not a date/,
    ],
    ['a date twice', csv.replace('2026-04-09', '2026-04-10'), /line 4: 2026-04-10 appears twice/],
    [
      'a rate with a comma',
      csv.replace('186.43', '"186,43"'),
      /line 3: "186,43" is not a positive decimal rate for JPY/,
    ],
    [
      'a rate that is text',
      csv.replace('0.87105', 'n/a'),
      /line 3: "n\/a" is not a positive decimal rate for GBP/,
    ],
    [
      'a value in the trailing column',
      csv.replace('143.2,N/A,', '143.2,N/A,9'),
      /line 2: a value beyond the last currency column/,
    ],
    [
      'a currency header in lower case',
      csv.replace(',ISK,', ',isk,'),
      /"isk" is not a currency code/,
    ],
    ['an unterminated quote', csv.replace('1.1711', '"1.1711'), /malformed CSV/],
  ])('refuses %s as a whole', (_, text, message) => {
    expect(failureOf(() => parseEcbHistoryCsv(text)).message).toMatch(message);
  });

  it.each<[string, () => Uint8Array, RegExp]>([
    ['a truncated zip', () => ecbHistoryZip(csv).slice(0, 200), /not a readable zip archive/],
    [
      'bytes that are not a zip',
      () => strToU8('Date,USD\n2026-04-13,1.1684\n'),
      /not a readable zip archive|no eurofxref-hist.csv/,
    ],
    [
      'a zip without the CSV',
      () => zipSync({ 'readme.txt': strToU8('hello') }),
      /the archive holds no eurofxref-hist.csv/,
    ],
    [
      'a CSV larger than allowed',
      () => ecbHistoryZip(csv.repeat(20)),
      /no eurofxref-hist.csv of at most 2048 bytes/,
    ],
    [
      'a CSV that is not UTF-8',
      () => zipSync({ 'eurofxref-hist.csv': new Uint8Array([0x44, 0xff, 0xfe, 0x0a]) }),
      /not UTF-8/,
    ],
    ['a zip holding a broken CSV', () => ecbHistoryZip(csv.slice(0, 150)), /malformed CSV/],
  ])('refuses %s', (_, zip, message) => {
    expect(failureOf(() => parseEcbHistoryZip(zip(), 2048)).message).toMatch(message);
  });
});
