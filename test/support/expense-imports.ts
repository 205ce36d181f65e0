import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Response as InjectResponse } from 'light-my-request';
import { countRows } from 'test/support/expenses';
import { Caller } from 'test/support/expenses-api';
import { PROJECT_ROOT } from 'test/support/run-ts';
import { TestApp } from 'test/support/test-app';

export const IMPORT_FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'import');

export function importFixture(name: string): Buffer {
  return readFileSync(join(IMPORT_FIXTURES, name));
}

/** Sends `csv` to the import route with these query parameters. */
export function uploadCsv(
  ctx: TestApp,
  caller: Caller,
  csv: string | Buffer,
  params: Record<string, string>,
  contentType = 'text/csv',
): Promise<InjectResponse> {
  return ctx.inject({
    method: 'POST',
    url: `/api/v1/expense-imports?${new URLSearchParams(params).toString()}`,
    headers: { ...caller.headers, 'content-type': contentType },
    payload: csv,
  });
}

/** What an import can write, counted: equal before and after means nothing was written. */
export async function writtenBy(ctx: TestApp, userId: string): Promise<Record<string, number>> {
  const mine = 'user_id = $1';
  return {
    expenses: await countRows(ctx, 'expenses', mine, [userId]),
    categories: await countRows(ctx, 'expense_categories', mine, [userId]),
    imports: await countRows(ctx, 'expense_imports', mine, [userId]),
    importRows: await countRows(ctx, 'expense_import_rows', mine, [userId]),
    auditEvents: await countRows(ctx, 'audit_events'),
  };
}

export interface ImportReport {
  dryRun: boolean;
  import: ImportBody | null;
  file: { name: string | null; sizeBytes: number; sha256: string };
  totals: { rows: number; toCreate: number; duplicates: number; skipped: number; errors: number };
  errors: { line: number; field: string; message: string }[];
  duplicates: { line: number; reason: string; importId: string | null; firstLine: number | null }[];
  skipped: { line: number; reason: string }[];
  newCategories: string[];
  sample: {
    line: number;
    date: string;
    amount: { amount: string; currency: string };
    payee: string | null;
    category: string;
    newCategory: boolean;
    note: string | null;
  }[];
  truncated: boolean;
}

export interface ImportBody {
  id: string;
  status: 'committed' | 'undone';
  fileName: string | null;
  fileSizeBytes: number;
  fileSha256: string;
  options: Record<string, string>;
  rows: number;
  created: number;
  duplicates: number;
  skipped: number;
  createdCategories: string[];
  createdAt: string;
  undoneAt: string | null;
  deleted: number | null;
}
