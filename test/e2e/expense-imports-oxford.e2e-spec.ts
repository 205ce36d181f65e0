import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { Decimal, divideDecimals } from 'src/platform/money/decimal';
import { DEFAULT_CATEGORIES } from 'src/modules/expenses/categories/default-categories';
import { parseEcbHistoryCsv } from 'src/modules/currencies/providers/ecb-history.parser';
import { newUser, TestUser } from 'test/support/auth';
import { sharedEcbHistoryCsv, SHARED_ECB_HISTORY } from 'test/support/ecb-files';
import { ImportBody, ImportReport, uploadCsv } from 'test/support/expense-imports';
import { insertFxRates } from 'test/support/expenses';
import { call, ExpenseBody } from 'test/support/expenses-api';
import { PROJECT_ROOT } from 'test/support/run-ts';
import { startTestApp, TestApp } from 'test/support/test-app';

const OXFORD = join(
  PROJECT_ROOT,
  '..',
  'shared',
  'data',
  'oxford_pcard_expenses',
  'transactions.csv.gz',
);

/** How the council's file names its columns; refunds are negative, so they are skipped. */
const OXFORD_MAPPING = {
  dateColumn: 'date',
  amountColumn: 'amount_gbp',
  currency: 'GBP',
  payeeColumn: 'merchant',
  categoryColumn: 'expense_type',
  noteColumn: 'service_area',
  negativeAmounts: 'skip',
  unknownCategories: 'create',
  fileName: 'transactions.csv',
};

// Oxford City Council's real card spending and the ECB's real rate history live in ../shared
// beside the project: CI and the team always have them, a user's clone alone does not. Without
// them this suite is skipped; the hand-made fixtures in expense-imports.e2e-spec.ts always run.
const haveSharedData = existsSync(OXFORD) && existsSync(SHARED_ECB_HISTORY);
const describeWithSharedData = haveSharedData ? describe : describe.skip;

describeWithSharedData(
  `importing the real Oxford card spending (skipped when ${OXFORD} is absent)`,
  () => {
    let ctx: TestApp;
    let user: TestUser;
    let file: Buffer;
    let rows: Record<string, string>[];
    let gbpPerEuro: Map<string, string>;

    const send = async (params: Record<string, string>): Promise<ImportReport> => {
      const response = await uploadCsv(ctx, user, file, { ...OXFORD_MAPPING, ...params });
      expect({ status: response.statusCode, body: response.body }).toMatchObject({ status: 200 });
      return response.json<ImportReport>();
    };

    beforeAll(async () => {
      file = gunzipSync(readFileSync(OXFORD));
      rows = parse<Record<string, string>>(file, { columns: true });
      const quotes = parseEcbHistoryCsv(sharedEcbHistoryCsv()!).filter(
        (quote) =>
          quote.currency === 'GBP' && quote.date >= '2016-12-01' && quote.date <= '2018-03-31',
      );
      gbpPerEuro = new Map(quotes.map((quote) => [quote.date, quote.rate]));
      ctx = await startTestApp();
      await insertFxRates(
        ctx.app.get(DataSource),
        Object.fromEntries(quotes.map((quote) => [quote.date, { GBP: quote.rate }])),
      );
      user = await newUser(ctx);
    });

    afterAll(async () => {
      await ctx?.close();
    });

    it('previews, imports, re-imports as duplicates and undoes 4,368 rows', async () => {
      const refunds = rows.filter((row) => row.amount_gbp.startsWith('-'));
      const expenses = rows.filter((row) => !row.amount_gbp.startsWith('-'));
      const defaults = new Set(DEFAULT_CATEGORIES.map((c) => c.name.toLowerCase()));
      // Refunds are skipped before their category is looked at.
      const newCategories = new Set(
        expenses
          .map((row) => row.expense_type.trim().replace(/\s+/g, ' ').toLowerCase())
          .filter((name) => name !== '' && !defaults.has(name)),
      );

      const preview = await send({});
      expect(preview.totals).toEqual({
        rows: rows.length,
        toCreate: expenses.length,
        duplicates: 0,
        skipped: refunds.length,
        errors: 0,
      });
      expect(preview.newCategories).toHaveLength(newCategories.size);
      expect(preview.sample[0]).toMatchObject({
        line: 2,
        date: '2017-04-19',
        amount: { amount: '115.80', currency: 'GBP' },
        payee: 'SELFSERVE TICKET',
        category: 'Other',
      });

      const committed = await send({ dryRun: 'false' });
      expect(committed.import).toMatchObject({
        status: 'committed',
        fileName: 'transactions.csv',
        rows: rows.length,
        created: expenses.length,
        skipped: refunds.length,
      });
      const dataSource = ctx.app.get(DataSource);
      const [stored] = await dataSource.query<{ count: number; total: string; ecb: number }[]>(
        `SELECT count(*)::int AS count, sum(amount)::text AS total,
           count(*) FILTER (WHERE fx_source = 'ECB')::int AS ecb
         FROM expenses WHERE user_id = $1`,
        [user.id],
      );
      // The file writes some amounts as ".75"; decimal.js reads those for the comparison.
      expect(new Decimal(stored.total).toFixed(2)).toBe(
        expenses.reduce((sum, row) => sum.plus(row.amount_gbp), new Decimal(0)).toFixed(2),
      );
      expect(stored).toMatchObject({ count: expenses.length, ecb: expenses.length });

      const list = await call(
        ctx,
        user,
        'GET',
        '/api/v1/expenses?from=2017-04-19&to=2017-04-19&q=selfserve',
      );
      const [ticket] = list.json<{ data: ExpenseBody[] }>().data;
      expect(ticket).toMatchObject({
        amount: { amount: '115.80', currency: 'GBP' },
        fx: {
          status: 'converted',
          source: 'ECB',
          rateDate: '2017-04-19',
          rate: divideDecimals('1', gbpPerEuro.get('2017-04-19')!, 12, 'half-even'),
        },
      });

      const again = await send({ dryRun: 'false' });
      expect(again.import).toMatchObject({ created: 0, duplicates: expenses.length });
      expect(again.duplicates.every((d) => d.reason === 'already-imported')).toBe(true);
      expect(again.truncated).toBe(true);

      const undone = await call(
        ctx,
        user,
        'POST',
        `/api/v1/expense-imports/${committed.import!.id}/undo`,
      );
      expect(undone.json<ImportBody>()).toMatchObject({
        status: 'undone',
        deleted: expenses.length,
      });
      const [left] = await dataSource.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM expenses WHERE user_id = $1`,
        [user.id],
      );
      expect(left.count).toBe(0);
    }, 120_000);
  },
);
