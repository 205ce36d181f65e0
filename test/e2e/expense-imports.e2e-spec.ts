import { DataSource } from 'typeorm';
import { newUser, TestUser } from 'test/support/auth';
import {
  importFixture,
  ImportBody,
  ImportReport,
  uploadCsv,
  writtenBy,
} from 'test/support/expense-imports';
import { auditActions, countRows, insertFxRates } from 'test/support/expenses';
import { call, categoriesOf, createExpense, ExpenseBody } from 'test/support/expenses-api';
import { expectProblem } from 'test/support/problem';
import { startTestApp, TestApp } from 'test/support/test-app';

const MAX_BYTES = 256 * 1024;
const MAX_ROWS = 500;

/** How test/fixtures/import/card-statement.csv names its columns. */
const CARD = {
  dateColumn: 'Date',
  payeeColumn: 'Description',
  amountColumn: 'Amount',
  currencyColumn: 'Currency',
  categoryColumn: 'Category',
  noteColumn: 'Memo',
};
const CARD_COMMIT = {
  ...CARD,
  dryRun: 'false',
  unknownCategories: 'create',
  negativeAmounts: 'skip',
};

/** How test/fixtures/import/bank-export-de.csv is written. */
const GERMAN = {
  dateColumn: 'Buchungstag',
  amountColumn: 'Betrag',
  currencyColumn: 'Währung',
  payeeColumn: 'Empfänger',
  categoryColumn: 'Kategorie',
  noteColumn: 'Verwendungszweck',
  dateFormat: 'DD/MM/YYYY',
  decimalFormat: '1.234,56',
  delimiter: 'semicolon',
  unknownCategories: 'create',
};

describe('expense imports', () => {
  let ctx: TestApp;
  let dataSource: DataSource;
  let ann: TestUser;
  let bob: TestUser;
  const card = importFixture('card-statement.csv');

  const expensesOf = async (user: TestUser, query = ''): Promise<ExpenseBody[]> => {
    const response = await call(ctx, user, 'GET', `/api/v1/expenses?limit=100&${query}`);
    expect(response.statusCode).toBe(200);
    return response.json<{ data: ExpenseBody[] }>().data;
  };

  /** A new user with a Vehicle / Fuel sub-category, as the card statement expects. */
  const userWithFuel = async (): Promise<TestUser> => {
    const user = await newUser(ctx);
    const vehicle = (await categoriesOf(ctx, user)).get('vehicle')!.id;
    const fuel = await call(ctx, user, 'POST', '/api/v1/expense-categories', {
      name: 'Fuel',
      parentId: vehicle,
    });
    expect(fuel.statusCode).toBe(201);
    return user;
  };

  const commitCard = async (user: TestUser): Promise<ImportReport> => {
    const response = await uploadCsv(ctx, user, card, CARD_COMMIT);
    expect({ status: response.statusCode, body: response.json<unknown>() }).toMatchObject({
      status: 200,
    });
    return response.json<ImportReport>();
  };

  beforeAll(async () => {
    ctx = await startTestApp({
      IMPORT_MAX_BYTES: String(MAX_BYTES),
      IMPORT_MAX_ROWS: String(MAX_ROWS),
    });
    dataSource = ctx.app.get(DataSource);
    await insertFxRates(dataSource, {
      '2026-03-02': { USD: '1.0800' },
      '2026-03-03': { USD: '1.0800' },
    });
    ann = await userWithFuel();
    bob = await userWithFuel();
  });

  afterAll(async () => {
    await ctx.close();
  });

  describe('dry run', () => {
    it('previews every row and writes nothing', async () => {
      const before = await writtenBy(ctx, ann.id);
      const response = await uploadCsv(ctx, ann, card, { ...CARD, fileName: 'march.csv' });
      expect(response.statusCode).toBe(200);
      const report = response.json<ImportReport>();
      expect(report).toMatchObject({
        dryRun: true,
        import: null,
        file: { name: 'march.csv', sizeBytes: card.length },
        totals: { rows: 8, toCreate: 6, duplicates: 0, skipped: 0, errors: 2 },
        duplicates: [],
        newCategories: [],
        truncated: false,
      });
      expect(report.file.sha256).toMatch(/^[0-9a-f]{64}$/);
      // Line numbers are the file's: the two-line note moves the rows after it down by one.
      expect(report.errors).toEqual([
        {
          line: 7,
          field: 'category',
          message: 'you have no category "Pets" (unknownCategories=create creates it)',
        },
        {
          line: 9,
          field: 'amount',
          message:
            'amount is negative (a refund or repayment?) and negative amounts are not allowed',
        },
      ]);
      expect(report.sample.map((row) => [row.line, row.payee, row.category])).toEqual([
        [2, 'Blue Bottle Coffee', 'Eating out'],
        [3, 'Blue Bottle Coffee', 'Eating out'],
        [4, 'Hardware, Tools & Co', 'Shopping'],
        [6, 'Amazon US', 'Shopping'],
        [8, 'Shell', 'Vehicle / Fuel'],
        [10, 'Bakery', 'Other'],
      ]);
      expect(report.sample[3]).toMatchObject({
        amount: { amount: '21.60', currency: 'USD' },
        note: 'gift\r\nwrapped',
      });
      expect(await writtenBy(ctx, ann.id)).toEqual(before);
    });

    it('with the options that settle them, shows the category it would create and the refund it skips', async () => {
      const before = await writtenBy(ctx, ann.id);
      const response = await uploadCsv(ctx, ann, card, {
        ...CARD,
        unknownCategories: 'create',
        negativeAmounts: 'skip',
      });
      expect(response.json<ImportReport>()).toMatchObject({
        totals: { rows: 8, toCreate: 7, duplicates: 0, skipped: 1, errors: 0 },
        errors: [],
        skipped: [{ line: 9, reason: 'negative-amount' }],
        newCategories: ['Pets'],
      });
      expect(
        response.json<ImportReport>().sample.find((row) => row.category === 'Pets'),
      ).toMatchObject({ newCategory: true, payee: '=HYPERLINK(evil)' });
      expect(await writtenBy(ctx, ann.id)).toEqual(before);
    });

    it('lists the row errors of a bank export with their lines and fields', async () => {
      const before = await writtenBy(ctx, ann.id);
      const response = await uploadCsv(ctx, ann, importFixture('bank-export-de.csv'), GERMAN);
      expect(response.statusCode).toBe(200);
      const report = response.json<ImportReport>();
      expect(report.totals).toEqual({
        rows: 12,
        toCreate: 5,
        duplicates: 0,
        skipped: 0,
        errors: 7,
      });
      expect(report.errors.map((error) => `${error.line} ${error.field}`)).toEqual([
        '5 date',
        '6 amount',
        '7 amount',
        '8 currency',
        '9 amount',
        '13 amount',
        '14 row',
      ]);
      expect(report.newCategories).toEqual(['Food', 'Rent']);
      expect(await writtenBy(ctx, ann.id)).toEqual(before);
    });
  });

  describe('commit', () => {
    it('creates every row in one go: converted, categorised, audited once', async () => {
      const carol = await userWithFuel();
      const report = await commitCard(carol);
      expect(report).toMatchObject({
        dryRun: false,
        totals: { rows: 8, toCreate: 7, duplicates: 0, skipped: 1, errors: 0 },
        newCategories: ['Pets'],
        import: {
          status: 'committed',
          rows: 8,
          created: 7,
          duplicates: 0,
          skipped: 1,
          createdCategories: ['Pets'],
          undoneAt: null,
          deleted: null,
          options: {
            dateColumn: 'Date',
            unknownCategories: 'create',
            negativeAmounts: 'skip',
            dateFormat: 'YYYY-MM-DD',
          },
        },
      });
      const batch = report.import!;
      const expenses = await expensesOf(carol, 'sort=date&order=asc');
      expect(expenses.map((e) => [e.date, e.payee, e.amount.amount, e.amount.currency])).toEqual(
        expect.arrayContaining([
          ['2026-03-02', 'Blue Bottle Coffee', '4.50', 'EUR'],
          ['2026-03-03', '=HYPERLINK(evil)', '10.00', 'EUR'],
          ['2026-03-05', 'Bakery', '3.20', 'EUR'],
        ]),
      );
      expect(expenses).toHaveLength(7);
      expect(expenses.find((e) => e.payee === 'Amazon US')).toMatchObject({
        baseAmount: { amount: '20.00', currency: 'EUR' },
        fx: { status: 'converted', source: 'ECB', rateDate: '2026-03-03' },
        note: 'gift\r\nwrapped',
      });
      const categories = await categoriesOf(ctx, carol);
      expect(expenses.find((e) => e.payee === 'Bakery')!.categoryId).toBe(
        categories.get('other')!.id,
      );
      expect(expenses.find((e) => e.payee?.startsWith('='))!.categoryId).toBe(
        categories.get('Pets')!.id,
      );
      expect(await countRows(ctx, 'expense_import_rows', 'import_id = $1', [batch.id])).toBe(7);
      expect(await auditActions(ctx, { resourceId: batch.id })).toEqual([
        'expense_import.committed',
      ]);
      expect(await auditActions(ctx, { resourceId: categories.get('Pets')!.id })).toEqual([
        'expense_category.created',
      ]);
      // One event for the import, not one per expense.
      for (const expense of expenses) {
        expect(await auditActions(ctx, { resourceId: expense.id })).toEqual([]);
      }

      const read = await call(ctx, carol, 'GET', `/api/v1/expense-imports/${batch.id}`);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual(batch);
    });

    it('creates nothing when the same file is imported again, and says which import had each row', async () => {
      const dave = await userWithFuel();
      const first = (await commitCard(dave)).import!;
      const before = await writtenBy(ctx, dave.id);

      const preview = (
        await uploadCsv(ctx, dave, card, { ...CARD_COMMIT, dryRun: 'true' })
      ).json<ImportReport>();
      expect(preview.totals).toMatchObject({ toCreate: 0, duplicates: 7, skipped: 1 });
      expect(new Set(preview.duplicates.map((d) => [d.reason, d.importId].join(' ')))).toEqual(
        new Set([`already-imported ${first.id}`]),
      );

      const again = await commitCard(dave);
      expect(again.import).toMatchObject({ created: 0, duplicates: 7, skipped: 1 });
      const after = await writtenBy(ctx, dave.id);
      expect(after).toMatchObject({
        expenses: before.expenses,
        categories: before.categories,
        importRows: before.importRows,
        imports: before.imports + 1,
      });
    });

    it('is all or nothing: one bad row and nothing is written, with every error returned', async () => {
      const before = await writtenBy(ctx, ann.id);
      const response = await uploadCsv(ctx, ann, importFixture('bank-export-de.csv'), {
        ...GERMAN,
        dryRun: 'false',
      });
      const problem = expectProblem(response, 422, 'IMPORT_ROWS_INVALID');
      expect(problem.detail).toBe('7 of 12 rows have errors; nothing was imported');
      expect(problem.errors).toEqual(
        expect.arrayContaining([
          {
            field: 'lines.5.date',
            messages: ['"31/02/2026" is not a date written DD/MM/YYYY'],
          },
          {
            field: 'lines.8.currency',
            messages: ['"XYZ" is not an active ISO 4217 currency code'],
          },
          { field: 'lines.14.row', messages: ['the row has 4 fields where the header has 6'] },
        ]),
      );
      expect(await writtenBy(ctx, ann.id)).toEqual(before);
    });

    it('writes nothing for a file whose only fault is an unknown currency in its last row', async () => {
      const before = await writtenBy(ctx, ann.id);
      const csv =
        'Date,Amount,Currency\n2026-03-02,1.00,EUR\n2026-03-02,2.00,EUR\n2026-03-02,3.00,EURO\n';
      const response = await uploadCsv(ctx, ann, csv, {
        dateColumn: 'Date',
        amountColumn: 'Amount',
        currencyColumn: 'Currency',
        dryRun: 'false',
      });
      const problem = expectProblem(response, 422, 'IMPORT_ROWS_INVALID');
      expect(problem.errors).toEqual([
        {
          field: 'lines.4.currency',
          messages: ['"EURO" is not an active ISO 4217 currency code'],
        },
      ]);
      expect(await writtenBy(ctx, ann.id)).toEqual(before);
    });

    it('imports the same file sent twice at once exactly once', async () => {
      const erin = await userWithFuel();
      const [first, second] = await Promise.all([
        uploadCsv(ctx, erin, card, CARD_COMMIT),
        uploadCsv(ctx, erin, card, CARD_COMMIT),
      ]);
      expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
      const created = [first, second].map((r) => r.json<ImportReport>().import!.created).sort();
      expect(created).toEqual([0, 7]);
      expect(await expensesOf(erin)).toHaveLength(7);
    });

    it('skips rows that repeat expenses the user typed in, as many times as they did', async () => {
      const fay = await userWithFuel();
      const eatingOut = (await categoriesOf(ctx, fay)).get('dining')!.id;
      await createExpense(ctx, fay, {
        amount: { amount: '4.50', currency: 'EUR' },
        date: '2026-03-02',
        categoryId: eatingOut,
        payee: 'blue bottle  coffee',
      });
      const report = await commitCard(fay);
      expect(report.duplicates).toEqual([
        { line: 2, reason: 'matches-existing-expense', importId: null, firstLine: null },
      ]);
      expect(report.import!.created).toBe(6);
      expect(
        (await expensesOf(fay)).filter((e) => e.payee?.toLowerCase().includes('bottle')),
      ).toHaveLength(2);
    });
  });

  describe('undo', () => {
    it('deletes every expense of the import in one call, after which the file imports again', async () => {
      const gus = await userWithFuel();
      const batch = (await commitCard(gus)).import!;
      const [handDeleted] = await expensesOf(gus);
      expect(
        (await call(ctx, gus, 'DELETE', `/api/v1/expenses/${handDeleted.id}`)).statusCode,
      ).toBe(204);
      // A row deleted by hand stays imported: the same file does not bring it back.
      expect((await commitCard(gus)).import!.created).toBe(0);

      const response = await call(ctx, gus, 'POST', `/api/v1/expense-imports/${batch.id}/undo`);
      expect(response.statusCode).toBe(200);
      expect(response.json<ImportBody>()).toMatchObject({
        id: batch.id,
        status: 'undone',
        created: 7,
        deleted: 6,
      });
      expect(response.json<ImportBody>().undoneAt).not.toBeNull();
      expect(await expensesOf(gus)).toEqual([]);
      expect(await countRows(ctx, 'expense_import_rows', 'import_id = $1', [batch.id])).toBe(0);
      expect(await auditActions(ctx, { resourceId: batch.id })).toEqual([
        'expense_import.committed',
        'expense_import.undone',
      ]);
      // The categories it created stay: categories are never deleted.
      expect((await categoriesOf(ctx, gus)).has('Pets')).toBe(true);

      const again = await call(ctx, gus, 'POST', `/api/v1/expense-imports/${batch.id}/undo`);
      expectProblem(again, 409, 'CONFLICT');

      const reimported = await commitCard(gus);
      expect(reimported.import).toMatchObject({ created: 7, createdCategories: [] });
      expect(await expensesOf(gus)).toHaveLength(7);
    });

    it("answers 404 for another user's import and changes nothing", async () => {
      const batch = (await commitCard(bob)).import!;
      const before = await writtenBy(ctx, bob.id);
      expectProblem(
        await call(ctx, ann, 'POST', `/api/v1/expense-imports/${batch.id}/undo`),
        404,
        'NOT_FOUND',
      );
      expectProblem(
        await call(ctx, ann, 'GET', `/api/v1/expense-imports/${batch.id}`),
        404,
        'NOT_FOUND',
      );
      expect(await writtenBy(ctx, bob.id)).toEqual(before);
      const annList = await call(ctx, ann, 'GET', '/api/v1/expense-imports');
      expect(annList.json<{ data: ImportBody[] }>().data.map((b) => b.id)).not.toContain(batch.id);
    });

    it.each([
      ['a malformed id', '/api/v1/expense-imports/not-a-uuid/undo', 400, 'VALIDATION_FAILED'],
      [
        'an unknown id',
        '/api/v1/expense-imports/00000000-0000-4000-8000-000000000000/undo',
        404,
        'NOT_FOUND',
      ],
    ])('refuses %s', async (_, url, status, code) => {
      expectProblem(await call(ctx, ann, 'POST', url), status, code);
    });
  });

  describe('list', () => {
    it('pages through the caller’s imports, newest first', async () => {
      const hal = await userWithFuel();
      const first = (await commitCard(hal)).import!;
      const second = (await commitCard(hal)).import!;
      const page1 = await call(ctx, hal, 'GET', '/api/v1/expense-imports?limit=1');
      expect(page1.statusCode).toBe(200);
      const body1 = page1.json<{ data: ImportBody[]; nextCursor: string }>();
      expect(body1.data.map((b) => b.id)).toEqual([second.id]);
      const page2 = await call(
        ctx,
        hal,
        'GET',
        `/api/v1/expense-imports?limit=1&cursor=${body1.nextCursor}`,
      );
      expect(page2.json()).toEqual({ data: [first], nextCursor: null });
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
      ['sort=date', 'sort'],
    ])('refuses %s', async (query, field) => {
      const problem = expectProblem(
        await call(ctx, ann, 'GET', `/api/v1/expense-imports?${query}`),
        400,
        'VALIDATION_FAILED',
      );
      expect(JSON.stringify(problem.errors)).toContain(field);
    });
  });

  describe('bad input: 4xx problem+json and nothing written', () => {
    const valid = { dateColumn: 'Date', amountColumn: 'Amount', currency: 'EUR' };
    const small = 'Date,Amount\n2026-03-02,1.00\n';

    const cases: [string, string | Buffer, Record<string, string>, string, number, string][] = [
      ['JSON instead of CSV', '{"a":1}', valid, 'application/json', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['text/plain', small, valid, 'text/plain', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['multipart', small, valid, 'multipart/form-data; boundary=x', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [
        'an xlsx named csv',
        Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]),
        valid,
        'text/csv',
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        'an unsupported charset',
        small,
        valid,
        'text/csv; charset=utf-16',
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        'invalid UTF-8',
        Buffer.from('Date,Amount\n2026-03-02,1\xff\n', 'latin1'),
        valid,
        'text/csv',
        400,
        'VALIDATION_FAILED',
      ],
      ['an empty file', '', valid, 'text/csv', 400, 'VALIDATION_FAILED'],
      ['a header and no rows', 'Date,Amount\n', valid, 'text/csv', 400, 'VALIDATION_FAILED'],
      [
        'an oversized file',
        `Date,Amount\n${'2026-03-02,1.00\n'.repeat(MAX_BYTES / 16 + 1)}`,
        valid,
        'text/csv',
        413,
        'PAYLOAD_TOO_LARGE',
      ],
      [
        'more rows than allowed',
        `Date,Amount\n${'2026-03-02,1\n'.repeat(MAX_ROWS + 1)}`,
        valid,
        'text/csv',
        400,
        'VALIDATION_FAILED',
      ],
      [
        'malformed CSV',
        'Date,Amount\n2026-03-02,"1.00\n',
        valid,
        'text/csv',
        400,
        'VALIDATION_FAILED',
      ],
      [
        'an unknown mapped column',
        small,
        { ...valid, dateColumn: 'When' },
        'text/csv',
        400,
        'VALIDATION_FAILED',
      ],
      [
        'no date column',
        small,
        { amountColumn: 'Amount', currency: 'EUR' },
        'text/csv',
        400,
        'VALIDATION_FAILED',
      ],
      [
        'an empty column name',
        small,
        { ...valid, payeeColumn: ' ' },
        'text/csv',
        400,
        'VALIDATION_FAILED',
      ],
      [
        'one column for two fields',
        small,
        { ...valid, payeeColumn: 'Date' },
        'text/csv',
        400,
        'VALIDATION_FAILED',
      ],
      [
        'an unknown date format',
        small,
        { ...valid, dateFormat: 'DD.MM.YYYY' },
        'text/csv',
        400,
        'VALIDATION_FAILED',
      ],
      [
        'an unknown decimal format',
        small,
        { ...valid, decimalFormat: '1 234,56' },
        'text/csv',
        400,
        'VALIDATION_FAILED',
      ],
      [
        'an unknown delimiter',
        small,
        { ...valid, delimiter: '|' },
        'text/csv',
        400,
        'VALIDATION_FAILED',
      ],
      [
        'an unknown fixed currency',
        small,
        { ...valid, currency: 'EURO' },
        'text/csv',
        400,
        'VALIDATION_FAILED',
      ],
      [
        'both a currency and a currency column',
        small,
        { ...valid, currencyColumn: 'Amount' },
        'text/csv',
        400,
        'VALIDATION_FAILED',
      ],
      [
        'neither a currency nor a currency column',
        small,
        { dateColumn: 'Date', amountColumn: 'Amount' },
        'text/csv',
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a dryRun that is not a boolean',
        small,
        { ...valid, dryRun: 'maybe' },
        'text/csv',
        400,
        'VALIDATION_FAILED',
      ],
      [
        'an unknown policy',
        small,
        { ...valid, negativeAmounts: 'flip' },
        'text/csv',
        400,
        'VALIDATION_FAILED',
      ],
      [
        'an unknown parameter',
        small,
        { ...valid, sheet: '1' },
        'text/csv',
        400,
        'VALIDATION_FAILED',
      ],
      [
        'an over-long file name',
        small,
        { ...valid, fileName: 'f'.repeat(256) },
        'text/csv',
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a malformed default category',
        small,
        { ...valid, defaultCategoryId: 'other' },
        'text/csv',
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a default category that is not yours',
        small,
        { ...valid, defaultCategoryId: '00000000-0000-4000-8000-000000000000', dryRun: 'false' },
        'text/csv',
        422,
        'REFERENCED_RESOURCE_NOT_FOUND',
      ],
      [
        'an unknown currency in a row',
        'Date,Amount,Currency\n2026-03-02,1.00,XYZ\n',
        { dateColumn: 'Date', amountColumn: 'Amount', currencyColumn: 'Currency', dryRun: 'false' },
        'text/csv',
        422,
        'IMPORT_ROWS_INVALID',
      ],
    ];

    it.each(cases)('refuses %s', async (_, body, params, contentType, status, code) => {
      const before = await writtenBy(ctx, ann.id);
      const response = await uploadCsv(ctx, ann, body, { dryRun: 'false', ...params }, contentType);
      expectProblem(response, status, code);
      expect(await writtenBy(ctx, ann.id)).toEqual(before);
    });

    it('names the query parameter at fault', async () => {
      const unknownColumn = expectProblem(
        await uploadCsv(ctx, ann, small, { ...valid, dateColumn: 'When' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(unknownColumn.errors).toEqual([
        { field: 'dateColumn', messages: ['the file has no column "When"'] },
      ]);
      const both = expectProblem(
        await uploadCsv(ctx, ann, small, { ...valid, currencyColumn: 'Amount' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(both.errors).toEqual([
        { field: 'currency', messages: ['give currency or currencyColumn, not both'] },
      ]);
    });

    it('refuses an archived default category', async () => {
      const travel = (await categoriesOf(ctx, ann)).get('travel')!.id;
      await call(ctx, ann, 'PATCH', `/api/v1/expense-categories/${travel}`, { archived: true });
      const before = await writtenBy(ctx, ann.id);
      expectProblem(
        await uploadCsv(ctx, ann, small, { ...valid, defaultCategoryId: travel }),
        422,
        'RESOURCE_ARCHIVED',
      );
      expect(await writtenBy(ctx, ann.id)).toEqual(before);
      await call(ctx, ann, 'PATCH', `/api/v1/expense-categories/${travel}`, { archived: false });
    });
  });

  describe('access', () => {
    async function apiKey(scopes: string[]): Promise<{ headers: Record<string, string> }> {
      const response = await call(ctx, ann, 'POST', '/api/v1/me/api-keys', {
        name: scopes.join(' '),
        scopes,
      });
      expect(response.statusCode).toBe(201);
      return { headers: { 'x-api-key': response.json<{ key: string }>().key } };
    }

    it('lets expenses:write import and undo, and expenses:read list and read', async () => {
      const writer = await apiKey(['expenses:write']);
      const reader = await apiKey(['expenses:read']);
      const before = await writtenBy(ctx, ann.id);
      expectProblem(await uploadCsv(ctx, reader, card, CARD_COMMIT), 403, 'INSUFFICIENT_SCOPE');
      expect(await writtenBy(ctx, ann.id)).toEqual(before);

      const imported = await uploadCsv(ctx, writer, card, CARD_COMMIT);
      expect(imported.statusCode).toBe(200);
      const batch = imported.json<ImportReport>().import!;
      expectProblem(
        await call(ctx, writer, 'GET', '/api/v1/expense-imports'),
        403,
        'INSUFFICIENT_SCOPE',
      );
      expect((await call(ctx, reader, 'GET', '/api/v1/expense-imports')).statusCode).toBe(200);
      expect(
        (await call(ctx, reader, 'GET', `/api/v1/expense-imports/${batch.id}`)).statusCode,
      ).toBe(200);
      expectProblem(
        await call(ctx, reader, 'POST', `/api/v1/expense-imports/${batch.id}/undo`),
        403,
        'INSUFFICIENT_SCOPE',
      );
      expect(
        (await call(ctx, writer, 'POST', `/api/v1/expense-imports/${batch.id}/undo`)).statusCode,
      ).toBe(200);
    });

    it('refuses anonymous callers', async () => {
      expectProblem(await uploadCsv(ctx, { headers: {} }, card, CARD), 401, 'UNAUTHENTICATED');
      expectProblem(
        await ctx.inject({ method: 'GET', url: '/api/v1/expense-imports' }),
        401,
        'UNAUTHENTICATED',
      );
    });

    it('counts uploads in the upload tier', async () => {
      const limited = await startTestApp({ RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_UPLOAD: '2/1m' });
      try {
        const user = await newUser(limited);
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) {
          statuses.push((await uploadCsv(limited, user, card, CARD)).statusCode);
        }
        expect(statuses).toEqual([200, 200, 429]);
      } finally {
        await limited.close();
      }
    });
  });
});
