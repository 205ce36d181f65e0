import { parse } from 'csv-parse/sync';
import { Response as InjectResponse } from 'light-my-request';
import { DataSource } from 'typeorm';
import { newUser, TestUser } from 'test/support/auth';
import { ImportReport, uploadCsv } from 'test/support/expense-imports';
import { insertFxRates } from 'test/support/expenses';
import { call, Caller, categoriesOf, createExpense, ExpenseBody } from 'test/support/expenses-api';
import { expectProblem } from 'test/support/problem';
import { startTestApp, TestApp } from 'test/support/test-app';

const HEADER = [
  'date',
  'amount',
  'currency',
  'payee',
  'category',
  'note',
  'tags',
  'base_amount',
  'base_currency',
  'fx_rate',
  'fx_rate_date',
  'fx_source',
  'id',
];

/** The import mapping that reads an export back (see docs/expenses.md). */
const EXPORT_MAPPING = {
  dateColumn: 'date',
  amountColumn: 'amount',
  currencyColumn: 'currency',
  payeeColumn: 'payee',
  categoryColumn: 'category',
  noteColumn: 'note',
};

describe('expense export (CSV)', () => {
  let ctx: TestApp;
  let lena: TestUser;
  let other: TestUser;
  let food: string;
  let coffee: string;

  const exportCsv = (query = '', caller: Caller = lena): Promise<InjectResponse> =>
    ctx.inject({
      method: 'GET',
      url: `/api/v1/expenses/export.csv${query ? `?${query}` : ''}`,
      headers: caller.headers,
    });

  /** The file's records as objects by header, after checking the response is a CSV file. */
  const records = async (query = '', caller: Caller = lena): Promise<Record<string, string>[]> => {
    const response = await exportCsv(query, caller);
    expect(response.statusCode).toBe(200);
    const [header, ...rows]: string[][] = parse(response.body);
    expect(header).toEqual(HEADER);
    return rows.map((row) => Object.fromEntries(HEADER.map((name, i) => [name, row[i]])));
  };

  const listIds = async (query: string): Promise<string[]> => {
    const response = await call(ctx, lena, 'GET', `/api/v1/expenses?limit=100&${query}`);
    expect(response.statusCode).toBe(200);
    return response.json<{ data: ExpenseBody[] }>().data.map((expense) => expense.id);
  };

  beforeAll(async () => {
    ctx = await startTestApp();
    await insertFxRates(ctx.app.get(DataSource), { '2026-03-02': { JPY: '162.50' } });
    lena = await newUser(ctx);
    other = await newUser(ctx);
    const categories = await categoriesOf(ctx, lena);
    const transport = categories.get('transport')!.id;
    food = (await call(ctx, lena, 'POST', '/api/v1/expense-categories', { name: 'Food' })).json<{
      id: string;
    }>().id;
    coffee = (
      await call(ctx, lena, 'POST', '/api/v1/expense-categories', {
        name: 'Coffee',
        parentId: food,
      })
    ).json<{ id: string }>().id;

    const expenses: [string | null, string, string, string, string, string[], string?][] = [
      ['Blue Bottle Coffee', '2026-01-05', '3.50', 'EUR', coffee, ['coffee']],
      ['Café, "Le Zinc"', '2026-01-10', '45.00', 'EUR', food, ['dinner', 'date night'], 'a\nb'],
      ['=HYPERLINK("http://evil")', '2026-02-01', '21.60', 'EUR', transport, [], '-5 off'],
      ['@home', '2026-02-14', '80.00', 'EUR', food, [], '+1 guest'],
      ['JR East', '2026-03-02', '1000', 'JPY', transport, ['travel']],
      [null, '1998-01-01', '10.00', 'USD', transport, []],
    ];
    for (const [payee, date, amount, currency, categoryId, tags, note] of expenses) {
      await createExpense(ctx, lena, {
        amount: { amount, currency },
        date,
        categoryId,
        tags,
        ...(payee === null ? {} : { payee }),
        ...(note ? { note } : {}),
      });
    }
    const otherCategory = (await categoriesOf(ctx, other)).get('transport')!.id;
    await createExpense(ctx, other, {
      amount: { amount: '99.00', currency: 'EUR' },
      date: '2026-01-05',
      categoryId: otherCategory,
      payee: 'Not Lena',
    });
  });

  afterAll(async () => {
    await ctx.close();
  });

  it('sends every expense of the caller as an attachment with a header row', async () => {
    const response = await exportCsv();
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="expenses-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(response.body.startsWith(`${HEADER.join(',')}\r\n`)).toBe(true);
    expect(response.body.endsWith('\r\n')).toBe(true);

    const rows = await records();
    expect(rows.map((row) => row.id)).toEqual(await listIds(''));
    expect(rows.find((row) => row.currency === 'JPY')).toEqual({
      date: '2026-03-02',
      amount: '1000',
      currency: 'JPY',
      payee: 'JR East',
      category: 'Transport',
      note: '',
      tags: 'travel',
      base_amount: '6.15',
      base_currency: 'EUR',
      fx_rate: '0.00615384615385',
      fx_rate_date: '2026-03-02',
      fx_source: 'ECB',
      id: expect.any(String) as string,
    });
    expect(rows.find((row) => row.date === '1998-01-01')).toMatchObject({
      payee: '',
      base_amount: '',
      fx_rate: '',
      fx_source: '',
    });
    expect(rows.map((row) => row.payee)).not.toContain('Not Lena');
  });

  it('quotes as RFC 4180 says and keeps spreadsheets from running cells as formulas', async () => {
    const body = (await exportCsv()).body;
    expect(body).toContain('"Café, ""Le Zinc"""');
    expect(body).toContain('"a\nb"');
    const rows = await records();
    const byDate = new Map(rows.map((row) => [row.date, row]));
    expect(byDate.get('2026-01-10')).toMatchObject({
      payee: 'Café, "Le Zinc"',
      note: 'a\nb',
      tags: 'dinner, date night',
      category: 'Food',
    });
    expect(byDate.get('2026-02-01')).toMatchObject({
      payee: '\'=HYPERLINK("http://evil")',
      note: "'-5 off",
    });
    expect(byDate.get('2026-02-14')).toMatchObject({ payee: "'@home", note: "'+1 guest" });
    expect(byDate.get('2026-01-05')).toMatchObject({ category: 'Food / Coffee' });
  });

  it.each([
    ['from and to', 'from=2026-01-10&to=2026-02-14'],
    ['a category with its sub-categories', 'categoryId=FOOD'],
    ['a sub-category', 'categoryId=COFFEE'],
    ['a tag', 'tag=TRAVEL'],
    ['words in payee or note', 'q=zinc'],
    ['the base amount range', 'minAmount=10&maxAmount=50'],
    ['the currency', 'currency=JPY'],
    ['a sort', 'sort=amount&order=asc'],
    ['creation order', 'sort=createdAt&order=asc'],
  ])('takes the list filter %s and selects what the list selects', async (_, raw) => {
    const query = raw.replace('FOOD', food).replace('COFFEE', coffee);
    const exported = (await records(query)).map((row) => row.id);
    expect(exported).toEqual(await listIds(query));
    expect(exported.length).toBeGreaterThan(0);
  });

  it('exports only a header for a category that is not the caller’s', async () => {
    const foreign = (await categoriesOf(ctx, other)).get('transport')!.id;
    expect(await records(`categoryId=${foreign}`)).toEqual([]);
  });

  it.each([
    ['an impossible from', 'from=2026-02-30'],
    ['to before from', 'from=2026-03-01&to=2026-02-01'],
    ['an unknown currency', 'currency=ABC'],
    ['a negative minimum', 'minAmount=-1'],
    ['a maximum below the minimum', 'minAmount=50&maxAmount=10'],
    ['a category that is not a uuid', 'categoryId=food'],
    ['a search without words', 'q=%21%21%21'],
    ['an unknown sort', 'sort=payee'],
    ['paging, which an export has not', 'limit=10'],
    ['a cursor', 'cursor=abc'],
    ['an unknown parameter', 'format=xlsx'],
  ])('refuses %s with 400 problem+json', async (_, query) => {
    expectProblem(await exportCsv(query), 400, 'VALIDATION_FAILED');
  });

  it('streams more rows than one page of its walk', async () => {
    const many = await newUser(ctx);
    const csv = ['date,amount,payee'];
    for (let i = 0; i < 2500; i++) {
      csv.push(`2025-${String((i % 12) + 1).padStart(2, '0')}-01,${(i % 97) + 1}.00,Shop ${i}`);
    }
    const imported = await uploadCsv(ctx, many, `${csv.join('\n')}\n`, {
      dateColumn: 'date',
      amountColumn: 'amount',
      payeeColumn: 'payee',
      currency: 'EUR',
      dryRun: 'false',
    });
    expect(imported.json<ImportReport>().import!.created).toBe(2500);
    const rows = await records('sort=createdAt&order=asc', many);
    expect(rows).toHaveLength(2500);
    expect(new Set(rows.map((row) => row.id)).size).toBe(2500);
  });

  it('reads back into an import that creates nothing: every row is a duplicate', async () => {
    const file = (await exportCsv()).body;
    const preview = await uploadCsv(ctx, lena, file, EXPORT_MAPPING);
    expect(preview.statusCode).toBe(200);
    const report = preview.json<ImportReport>();
    expect(report.totals).toEqual({
      rows: 6,
      toCreate: 0,
      duplicates: 6,
      skipped: 0,
      errors: 0,
    });
    expect(new Set(report.duplicates.map((d) => d.reason))).toEqual(
      new Set(['matches-existing-expense']),
    );

    // Imported rows exported and imported again are skipped by their dedupe key.
    const importer = await newUser(ctx);
    const source = 'date,amount,payee\n2026-01-01,1.00,=cmd\n2026-01-01,1.00,=cmd\n';
    const first = await uploadCsv(ctx, importer, source, {
      dateColumn: 'date',
      amountColumn: 'amount',
      payeeColumn: 'payee',
      currency: 'EUR',
      dryRun: 'false',
    });
    const batch = first.json<ImportReport>().import!;
    const again = await uploadCsv(ctx, importer, (await exportCsv('', importer)).body, {
      ...EXPORT_MAPPING,
      dryRun: 'false',
    });
    expect(again.json<ImportReport>()).toMatchObject({
      totals: { toCreate: 0, duplicates: 2 },
      duplicates: [
        { reason: 'already-imported', importId: batch.id },
        { reason: 'already-imported', importId: batch.id },
      ],
    });
  });

  describe('access', () => {
    async function apiKey(scopes: string[]): Promise<Caller> {
      const response = await call(ctx, lena, 'POST', '/api/v1/me/api-keys', {
        name: scopes.join(' '),
        scopes,
      });
      expect(response.statusCode).toBe(201);
      return { headers: { 'x-api-key': response.json<{ key: string }>().key } };
    }

    it('lets expenses:read export, not expenses:write or anonymous callers', async () => {
      expect((await exportCsv('', await apiKey(['expenses:read']))).statusCode).toBe(200);
      expectProblem(
        await exportCsv('', await apiKey(['expenses:write'])),
        403,
        'INSUFFICIENT_SCOPE',
      );
      expectProblem(await exportCsv('', { headers: {} }), 401, 'UNAUTHENTICATED');
    });
  });
});
