import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { Decimal } from 'src/platform/money/decimal';
import { CsvImportOptions } from 'src/modules/expenses/import/csv-import.options';
import { dedupeKey } from 'src/modules/expenses/import/dedupe-key';
import {
  InvalidImportFileError,
  ParsedImportRow,
  parseExpenseCsv,
} from 'src/modules/expenses/import/expense-csv.parser';
import { PROJECT_ROOT } from 'test/support/run-ts';

const FIXTURE = join(PROJECT_ROOT, 'test', 'fixtures', 'import', 'bank-export-de.csv');
const OXFORD = join(
  PROJECT_ROOT,
  '..',
  'shared',
  'data',
  'oxford_pcard_expenses',
  'transactions.csv.gz',
);

const GERMAN: CsvImportOptions = {
  columns: {
    date: 'Buchungstag',
    amount: 'Betrag',
    currency: 'Währung',
    payee: 'Empfänger',
    category: 'Kategorie',
    note: 'Verwendungszweck',
  },
  dateFormat: 'DD/MM/YYYY',
  decimalFormat: '1.234,56',
  delimiter: ';',
};

async function collect(
  source: Readable | AsyncIterable<string>,
  options: CsvImportOptions,
): Promise<ParsedImportRow[]> {
  const parsed: ParsedImportRow[] = [];
  for await (const item of parseExpenseCsv(source, options)) parsed.push(item);
  return parsed;
}

async function failureOf(attempt: Promise<unknown>): Promise<InvalidImportFileError> {
  const error = await attempt.then(
    () => new Error('expected the file to be refused'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InvalidImportFileError);
  return error as InvalidImportFileError;
}

function summary(parsed: ParsedImportRow[]): unknown[] {
  return parsed.map((item) =>
    item.kind === 'row'
      ? [item.row.line, item.row.date, item.row.amount, item.row.currency, item.row.payee]
      : [
          item.error.line,
          item.error.errors.map((error) => `${error.field}: ${error.messages.join('; ')}`),
        ],
  );
}

describe('parseExpenseCsv', () => {
  it('yields each row of a bank export validated, or with its own errors and line', async () => {
    const parsed = await collect(createReadStream(FIXTURE), GERMAN);
    expect(summary(parsed)).toEqual([
      [2, '2026-01-02', '12.50', 'EUR', 'Café Central'],
      [3, '2026-01-02', '12.50', 'EUR', 'CAFÉ  CENTRAL'],
      [4, '2026-01-15', '1234.56', 'EUR', 'Landlord GmbH'],
      [5, ['date: "31/02/2026" is not a date written DD/MM/YYYY']],
      [6, ['amount: amount has more decimals than EUR allows (2)']],
      [7, ['amount: "" is not an amount written like 1.234,56']],
      [8, ['currency: "XYZ" is not an active ISO 4217 currency code']],
      [
        9,
        [
          'amount: amount is negative (a refund or repayment?) and negative amounts are not allowed',
        ],
      ],
      [11, '2026-01-24', '1500', 'JPY', 'Tokyo Shop'],
      [12, '2026-01-25', '7.50', 'USD', 'Lower Case Inc'],
      [13, ['amount: amount has more decimals than JPY allows (0)']],
      [14, ['row: the row has 4 fields where the header has 6']],
    ]);
  });

  it('numbers the lines of a Windows (CRLF) file as an editor shows them', async () => {
    const lf =
      'date,amount,note\n2026-04-13,1,"two\nlines"\n2026-04-14,2,"three\nmore\nlines"\n2026-04-15,3,x\n';
    const options: CsvImportOptions = {
      columns: { date: 'date', amount: 'amount', note: 'note', fixedCurrency: 'EUR' },
      dateFormat: 'YYYY-MM-DD',
      decimalFormat: '1234.56',
    };
    const lines = async (csv: string) =>
      (await collect(Readable.from([csv]), options)).map((item) =>
        item.kind === 'row' ? item.row.line : item.error.line,
      );
    expect(await lines(lf)).toEqual([3, 6, 7]);
    expect(await lines(lf.replace(/\n/g, '\r\n'))).toEqual([3, 6, 7]);
  });

  it('keeps quoted delimiters and line breaks, and maps category and note', async () => {
    const rows = (await collect(createReadStream(FIXTURE), GERMAN)).flatMap((item) =>
      item.kind === 'row' ? [item.row] : [],
    );
    expect(rows[2]).toMatchObject({ category: 'Rent', note: 'January rent; flat 3' });
    expect(rows[3]).toMatchObject({ category: 'Travel', note: 'two\nlines' });
    expect(rows[4]).toMatchObject({ category: null, note: 'lower-case currency' });
  });

  it('gives every row a stable dedupe key that tells twin rows apart', async () => {
    const first = await collect(createReadStream(FIXTURE), GERMAN);
    const again = await collect(createReadStream(FIXTURE), GERMAN);
    const keys = (parsed: ParsedImportRow[]) =>
      parsed.flatMap((item) => (item.kind === 'row' ? [item.row.dedupeKey] : []));
    expect(keys(again)).toEqual(keys(first));
    expect(new Set(keys(first)).size).toBe(keys(first).length);
    // The two coffees differ only in the payee's case and spacing: the same expense, twice.
    expect(keys(first).slice(0, 2)).toEqual([
      dedupeKey('2026-01-02', '12.50', 'EUR', 'café central', 0),
      dedupeKey('2026-01-02', '12.50', 'EUR', 'Cafe\u0301 Central', 1),
    ]);
  });

  it('accepts negative amounts when asked', async () => {
    const parsed = await collect(createReadStream(FIXTURE), {
      ...GERMAN,
      allowNegativeAmounts: true,
    });
    expect(summary(parsed)).toContainEqual([9, '2026-01-23', '-20.00', 'EUR', 'Refund Shop']);
  });

  it('uses a fixed currency when the file has none', async () => {
    const csv = 'When,What,How much\n04/13/2026,Lunch,"1,234.5"\n';
    const parsed = await collect(Readable.from([csv]), {
      columns: { date: 'When', amount: 'How much', payee: 'What', fixedCurrency: 'GBP' },
      dateFormat: 'MM/DD/YYYY',
      decimalFormat: '1,234.56',
    });
    expect(summary(parsed)).toEqual([[2, '2026-04-13', '1234.50', 'GBP', 'Lunch']]);
  });

  it('refuses oversized text fields per row', async () => {
    const csv = `date,amount,payee\n2026-04-13,1.00,${'x'.repeat(201)}\n`;
    const parsed = await collect(Readable.from([csv]), {
      columns: { date: 'date', amount: 'amount', payee: 'payee', fixedCurrency: 'EUR' },
      dateFormat: 'YYYY-MM-DD',
      decimalFormat: '1234.56',
    });
    expect(summary(parsed)).toEqual([[2, ['payee: payee is longer than 200 characters']]]);
  });

  describe('holds every row to what an expense can store', () => {
    const plain: CsvImportOptions = {
      columns: {
        date: 'date',
        amount: 'amount',
        payee: 'payee',
        note: 'note',
        fixedCurrency: 'EUR',
      },
      dateFormat: 'YYYY-MM-DD',
      decimalFormat: '1234.56',
    };

    it('refuses more integer digits than the amount column has, instead of failing the commit', async () => {
      const csv =
        'date,amount,payee,note\n2026-04-13,999999999999.99,a,\n2026-04-13,1000000000000,b,\n';
      expect(summary(await collect(Readable.from([csv]), plain))).toEqual([
        [2, '2026-04-13', '999999999999.99', 'EUR', 'a'],
        [3, ['amount: amount may have at most 12 digits before the decimal point']],
      ]);
    });

    it('refuses dates outside the range an expense may have', async () => {
      const csv = 'date,amount,payee,note\n0201-04-13,1,a,\n2101-01-01,1,b,\n1900-01-01,1,c,\n';
      expect(summary(await collect(Readable.from([csv]), plain))).toEqual([
        [2, ['date: 0201-04-13 is outside 1900-01-01 to 2100-12-31']],
        [3, ['date: 2101-01-01 is outside 1900-01-01 to 2100-12-31']],
        [4, '1900-01-01', '1.00', 'EUR', 'c'],
      ]);
    });

    it('takes a note as long as an expense allows', async () => {
      const csv = `date,amount,payee,note\n2026-04-13,1,a,${'n'.repeat(2000)}\n2026-04-13,1,b,${'n'.repeat(2001)}\n`;
      const parsed = await collect(Readable.from([csv]), plain);
      expect(parsed[0]).toMatchObject({ kind: 'row', row: { note: 'n'.repeat(2000) } });
      expect(summary(parsed)[1]).toEqual([3, ['note: note is longer than 2000 characters']]);
    });

    it("reads a cell an export protected against formulas without the guarding '", async () => {
      const csv =
        "date,amount,payee,note\n2026-04-13,1,'=HYPERLINK(1),'-5 off\n2026-04-13,1,'plain',x\n";
      const rows = (await collect(Readable.from([csv]), plain)).flatMap((item) =>
        item.kind === 'row' ? [item.row] : [],
      );
      expect(rows.map((row) => [row.payee, row.note])).toEqual([
        ['=HYPERLINK(1)', '-5 off'],
        ["'plain'", 'x'],
      ]);
    });

    it('numbers repeats of the same expense in the file', async () => {
      const csv =
        'date,amount,payee,note\n2026-04-13,1,Shop,\n2026-04-13,1.00,SHOP,\n2026-04-13,2,Shop,\n2026-04-13,1, shop ,\n';
      const rows = (await collect(Readable.from([csv]), plain)).flatMap((item) =>
        item.kind === 'row' ? [item.row] : [],
      );
      expect(rows.map((row) => row.occurrence)).toEqual([0, 1, 0, 2]);
    });
  });

  describe('refuses the whole file', () => {
    const plain: CsvImportOptions = {
      columns: { date: 'date', amount: 'amount', fixedCurrency: 'EUR' },
      dateFormat: 'YYYY-MM-DD',
      decimalFormat: '1234.56',
    };

    it.each<[string, Partial<CsvImportOptions>, string[]]>([
      [
        'both a currency column and a fixed currency',
        { columns: { date: 'date', amount: 'amount', currency: 'ccy', fixedCurrency: 'EUR' } },
        ['columns'],
      ],
      ['neither', { columns: { date: 'date', amount: 'amount' } }, ['columns']],
      [
        'an unknown fixed currency',
        { columns: { date: 'date', amount: 'amount', fixedCurrency: 'EURO' } },
        ['columns.fixedCurrency'],
      ],
      [
        'one column for two fields',
        { columns: { date: 'date', amount: 'date', fixedCurrency: 'EUR' } },
        ['columns'],
      ],
      [
        'an empty column name',
        { columns: { date: ' ', amount: 'amount', fixedCurrency: 'EUR' } },
        ['columns.date'],
      ],
      ['an unknown date format', { dateFormat: 'DD.MM.YYYY' as 'DD/MM/YYYY' }, ['dateFormat']],
      ['an unknown decimal format', { decimalFormat: '1 234,56' as '1234.56' }, ['decimalFormat']],
      ['an unknown delimiter', { delimiter: '|' as ',' }, ['delimiter']],
      ['a row limit of 0', { maxRows: 0 }, ['maxRows']],
    ])('with options giving %s', async (_, change, fields) => {
      const error = await failureOf(
        collect(Readable.from(['date,amount\n']), { ...plain, ...change }),
      );
      expect(error.detail).toBe('The import options are invalid');
      expect(error.options.errors?.map((entry) => entry.field)).toEqual(fields);
    });

    it('without a mapped column', async () => {
      const error = await failureOf(
        collect(Readable.from(['Date,Amount\n2026-04-13,1\n']), {
          ...plain,
          columns: { ...plain.columns, payee: 'payee' },
        }),
      );
      expect(error.options.errors).toEqual([
        { field: 'columns.date', messages: ['the file has no column "date"'] },
        { field: 'columns.amount', messages: ['the file has no column "amount"'] },
        { field: 'columns.payee', messages: ['the file has no column "payee"'] },
      ]);
    });

    it('with a mapped column that the header names twice', async () => {
      const error = await failureOf(
        collect(Readable.from(['date,amount,amount\n2026-04-13,1,2\n']), plain),
      );
      expect(error.options.errors).toEqual([
        { field: 'columns.amount', messages: ['the file has more than one column "amount"'] },
      ]);
    });

    it.each([
      ['empty', '', /The file is empty/],
      [
        'an unterminated quote',
        'date,amount\n2026-04-13,"12.50\n',
        /The file is not valid CSV: Quote Not Closed/,
      ],
      ['a stray quote', 'date,amount\n2026-04-13,12"50\n', /The file is not valid CSV/],
      [
        'more rows than allowed',
        'date,amount\n2026-04-13,1\n2026-04-14,2\n2026-04-15,3\n',
        /more than 2 rows/,
      ],
    ])('that is %s', async (_, csv, message) => {
      const error = await failureOf(collect(Readable.from([csv]), { ...plain, maxRows: 2 }));
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.detail).toMatch(message);
    });
  });

  it('streams 50,000 generated rows', async () => {
    function* generated(): Generator<string> {
      yield 'date,amount,currency,payee\n';
      for (let i = 0; i < 50_000; i++) {
        const day = String((i % 28) + 1).padStart(2, '0');
        const month = String((i % 12) + 1).padStart(2, '0');
        yield `2025-${month}-${day},${(i % 9973) + 1}.${String(i % 100).padStart(2, '0')},${i % 3 === 0 ? 'USD' : 'EUR'},"Shop ${i % 500}, branch ${i % 7}"\n`;
      }
    }
    let rows = 0;
    let errors = 0;
    const keys = new Set<string>();
    for await (const item of parseExpenseCsv(Readable.from(generated()), {
      columns: { date: 'date', amount: 'amount', currency: 'currency', payee: 'payee' },
      dateFormat: 'YYYY-MM-DD',
      decimalFormat: '1234.56',
    })) {
      if (item.kind === 'row') {
        rows++;
        keys.add(item.row.dedupeKey);
      } else {
        errors++;
      }
    }
    expect({ rows, errors, distinctKeys: keys.size }).toEqual({
      rows: 50_000,
      errors: 0,
      distinctKeys: 50_000,
    });
  });

  // The council's real card spending lives in ../shared beside the project: CI and the team
  // always have it, a user's clone alone does not; without it this case is skipped.
  const describeWithOxford = existsSync(OXFORD) ? describe : describe.skip;
  describeWithOxford(`the real Oxford card spending (skipped when ${OXFORD} is absent)`, () => {
    it('reads every row: positive amounts as expenses, refunds and repayments as row errors', async () => {
      const expected = parse<Record<string, string>>(gunzipSync(readFileSync(OXFORD)), {
        columns: true,
      });
      const positive = expected.filter(
        (row) => !row.amount_gbp.startsWith('-') && !new Decimal(row.amount_gbp).isZero(),
      );
      const parsed = await collect(createReadStream(OXFORD).pipe(createGunzip()), {
        columns: {
          date: 'date',
          amount: 'amount_gbp',
          fixedCurrency: 'GBP',
          payee: 'merchant',
          category: 'expense_type',
          note: 'service_area',
        },
        dateFormat: 'YYYY-MM-DD',
        decimalFormat: '1234.56',
      });
      const rows = parsed.flatMap((item) => (item.kind === 'row' ? [item.row] : []));
      const errors = parsed.flatMap((item) => (item.kind === 'error' ? [item.error] : []));
      expect(parsed).toHaveLength(4_368);
      expect(rows).toHaveLength(positive.length);
      expect(errors.every((error) => error.errors[0].field === 'amount')).toBe(true);
      expect(rows[0]).toMatchObject({
        line: 2,
        date: '2017-04-19',
        amount: '115.80',
        currency: 'GBP',
        payee: 'SELFSERVE TICKET',
        category: null,
      });
      // The file writes some amounts as ".75" or "5.5"; decimal.js reads both for the comparison.
      expect(rows.map((row) => row.amount)).toEqual(
        positive.map((row) => new Decimal(row.amount_gbp).toFixed(2)),
      );
    });
  });
});
