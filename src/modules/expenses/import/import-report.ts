import { AppException } from 'src/platform/errors/app.exception';
import { ExpenseImportReportDto } from 'src/modules/expenses/import/dto/expense-import-report.dto';
import { ExpenseImportResponseDto } from 'src/modules/expenses/import/dto/expense-import-response.dto';
import { ExpenseImport } from 'src/modules/expenses/import/entities/expense-import.entity';
import { ImportPlan } from 'src/modules/expenses/import/import-plan';

/** Entries per list of a report (and row errors in a refused commit). */
export const LIST_LIMIT = 1000;
const SAMPLE_SIZE = 10;

export interface ImportedFile {
  name: string | null;
  sizeBytes: number;
  sha256: string;
}

export function toImportReport(
  plan: ImportPlan,
  file: ImportedFile,
  /** Category id → the name a file writes for it. */
  categoryNames: ReadonlyMap<string, string>,
  batch: ExpenseImport | null,
): ExpenseImportReportDto {
  const lists = [plan.errors, plan.duplicates, plan.skipped];
  return {
    dryRun: batch === null,
    import: batch && toImportResponse(batch),
    file,
    totals: {
      rows: plan.rowCount,
      toCreate: plan.toCreate.length,
      duplicates: plan.duplicates.length,
      skipped: plan.skipped.length,
      errors: plan.errorRowCount,
    },
    errors: plan.errors.slice(0, LIST_LIMIT),
    duplicates: plan.duplicates.slice(0, LIST_LIMIT).map((duplicate) => ({
      line: duplicate.line,
      reason: duplicate.reason,
      importId: duplicate.importId ?? null,
      firstLine: duplicate.firstLine ?? null,
    })),
    skipped: plan.skipped.slice(0, LIST_LIMIT),
    newCategories: plan.newCategories,
    sample: plan.toCreate.slice(0, SAMPLE_SIZE).map(({ row, category }) => ({
      line: row.line,
      date: row.date,
      amount: { amount: row.amount, currency: row.currency },
      payee: row.payee,
      category: 'id' in category ? (categoryNames.get(category.id) ?? '') : category.newName,
      newCategory: !('id' in category),
      note: row.note,
    })),
    truncated: lists.some((list) => list.length > LIST_LIMIT),
  };
}

/** A commit refused for its rows: every row error as a field error `lines.<line>.<field>`. */
export function rowsInvalid(plan: ImportPlan): AppException {
  const listed = plan.errors.length > LIST_LIMIT ? ` (the first ${LIST_LIMIT} are listed)` : '';
  return new AppException(
    'IMPORT_ROWS_INVALID',
    `${plan.errorRowCount} of ${plan.rowCount} rows have errors${listed}; nothing was imported`,
    {
      errors: plan.errors.slice(0, LIST_LIMIT).map((error) => ({
        field: `lines.${error.line}.${error.field}`,
        messages: [error.message],
      })),
    },
  );
}

export function toImportResponse(batch: ExpenseImport): ExpenseImportResponseDto {
  return {
    id: batch.id,
    status: batch.status,
    fileName: batch.fileName,
    fileSizeBytes: batch.fileSizeBytes,
    fileSha256: batch.fileSha256,
    options: batch.options,
    rows: batch.rowCount,
    created: batch.createdCount,
    duplicates: batch.duplicateCount,
    skipped: batch.skippedCount,
    createdCategories: batch.createdCategories,
    createdAt: batch.createdAt.toISOString(),
    undoneAt: batch.undoneAt?.toISOString() ?? null,
    deleted: batch.deletedCount,
  };
}
