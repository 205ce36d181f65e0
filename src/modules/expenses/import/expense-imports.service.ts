import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from 'src/config/app-config';
import { Clock } from 'src/platform/clock/clock';
import { AppException } from 'src/platform/errors/app.exception';
import { CsvUpload } from 'src/platform/http/csv-body';
import { decodeCreatedAtCursor } from 'src/platform/pagination/cursor';
import { Page, PageQuery, toPage } from 'src/platform/pagination/page';
import { AuditService } from 'src/modules/audit/audit.service';
import { ExpenseActions } from 'src/modules/audit/audit-actions';
import { CategoriesService } from 'src/modules/expenses/categories/categories.service';
import { CategoryNameIndex, categoryPaths } from 'src/modules/expenses/categories/category-names';
import { CategoryRef } from 'src/modules/expenses/categories/category.types';
import { ExpenseWriter } from 'src/modules/expenses/expense-writer.service';
import { ExpensesService } from 'src/modules/expenses/expenses.service';
import { ExpenseImportReportDto } from 'src/modules/expenses/import/dto/expense-import-report.dto';
import { ExpenseImportResponseDto } from 'src/modules/expenses/import/dto/expense-import-response.dto';
import { ImportExpensesQuery } from 'src/modules/expenses/import/dto/import-expenses.query';
import { ExpenseImport } from 'src/modules/expenses/import/entities/expense-import.entity';
import { ParsedImportRow } from 'src/modules/expenses/import/expense-csv.parser';
import { ExpenseImportsRepository } from 'src/modules/expenses/import/expense-imports.repository';
import {
  parserOptions,
  readImportFile,
  storedOptions,
} from 'src/modules/expenses/import/import-file';
import { ImportPlan, planImport, signatureOf } from 'src/modules/expenses/import/import-plan';
import {
  ImportedFile,
  rowsInvalid,
  toImportReport,
  toImportResponse,
} from 'src/modules/expenses/import/import-report';

/**
 * CSV imports: a dry run that says what would happen to each row, a commit that does it all or
 * not at all, and an undo of a whole import. Expenses are created and deleted through the
 * ExpenseWriter (conversion, categories), in one transaction with the import's records and its
 * audit event.
 *
 * Audit: one `expense_import.committed` or `.undone` event per import, not one per expense. A
 * 50,000-row import would otherwise append 50,000 events to the hash chain, each under the
 * chain's lock, holding every other writer's audit step for the length of the import; the
 * import's event names its id, and expense_import_rows ties each created expense to it.
 */
@Injectable()
export class ExpenseImportsService {
  constructor(
    private readonly imports: ExpenseImportsRepository,
    private readonly categories: CategoriesService,
    private readonly expenses: ExpensesService,
    private readonly writer: ExpenseWriter,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async upload(
    userId: string,
    query: ImportExpensesQuery,
    upload: CsvUpload,
  ): Promise<ExpenseImportReportDto> {
    const parsed = await readImportFile(
      upload.text,
      parserOptions(query, this.config.imports.maxRows),
    );
    const file: ImportedFile = {
      name: query.fileName ?? null,
      sizeBytes: upload.sizeBytes,
      sha256: upload.sha256,
    };
    if (query.dryRun) {
      const { plan, names } = await this.plan(userId, parsed, query, this.dataSource.manager);
      return toImportReport(plan, file, names, null);
    }
    return this.dataSource.transaction(async (manager) => {
      await this.imports.lockUser(userId, manager);
      const { plan, names } = await this.plan(userId, parsed, query, manager);
      if (plan.errorRowCount > 0) throw rowsInvalid(plan);
      const batch = await this.commit(userId, query, file, plan, names, manager);
      return toImportReport(plan, file, names, batch);
    });
  }

  async list(userId: string, query: PageQuery): Promise<Page<ExpenseImportResponseDto>> {
    const before = query.cursor === undefined ? undefined : decodeCreatedAtCursor(query.cursor);
    const rows = await this.imports.list(userId, query.limit + 1, before);
    return toPage(
      rows,
      query.limit,
      (row) => [row.createdAt.toISOString(), row.id],
      toImportResponse,
    );
  }

  async get(userId: string, id: string): Promise<ExpenseImportResponseDto> {
    const batch = await this.imports.findOwned(userId, id);
    if (!batch) throw new AppException('NOT_FOUND', 'No such import');
    return toImportResponse(batch);
  }

  /**
   * Deletes every expense the import created, still there, whatever was changed on it since;
   * frees its dedupe keys so that the file can be imported again; keeps the import, undone.
   */
  async undo(userId: string, id: string): Promise<ExpenseImportResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.imports.lockUser(userId, manager);
      const batch = await this.imports.lockOwned(userId, id, manager);
      if (!batch) throw new AppException('NOT_FOUND', 'No such import');
      if (batch.status === 'undone') {
        throw new AppException('CONFLICT', 'The import has already been undone');
      }
      const expenseIds = await this.imports.deleteRows(batch.id, manager);
      const deleted = await this.writer.deleteMany(manager, userId, expenseIds, { audit: false });
      const undoneAt = this.clock.now();
      await this.imports.markUndone(batch.id, undoneAt, deleted.length, manager);
      await this.audit.record(manager, {
        action: ExpenseActions.ImportUndone,
        resourceType: 'expense_import',
        resourceId: batch.id,
        details: { created: batch.createdCount, deleted: deleted.length },
      });
      return toImportResponse({
        ...batch,
        status: 'undone',
        undoneAt,
        deletedCount: deleted.length,
      });
    });
  }

  /** What the file would do now, from what the database holds (read through `manager`). */
  private async plan(
    userId: string,
    parsed: readonly ParsedImportRow[],
    query: ImportExpensesQuery,
    manager: EntityManager,
  ): Promise<{ plan: ImportPlan; names: Map<string, string> }> {
    await this.categories.ensureDefaults(userId, manager);
    const categories = await this.categories.listRefs(userId, manager);
    const rows = parsed.flatMap((item) => (item.kind === 'row' ? [item.row] : []));
    const [importedKeys, existing] = await Promise.all([
      this.imports.findImportedKeys(
        userId,
        rows.map((row) => row.dedupeKey),
        manager,
      ),
      this.expenses.findSameDayAmounts(manager, userId, rows),
    ]);
    const existingCounts = new Map<string, number>();
    for (const expense of existing) {
      const signature = signatureOf(expense);
      existingCounts.set(signature, (existingCounts.get(signature) ?? 0) + 1);
    }
    const plan = planImport(
      parsed,
      new CategoryNameIndex(categories),
      { importedKeys, existingCounts },
      {
        negativeAmounts: query.negativeAmounts,
        unknownCategories: query.unknownCategories,
        fallbackCategoryId: fallbackCategory(categories, query.defaultCategoryId),
      },
    );
    return { plan, names: categoryPaths(categories) };
  }

  /** Writes the plan: the import, its new categories, its expenses, its rows, its events. */
  private async commit(
    userId: string,
    query: ImportExpensesQuery,
    file: ImportedFile,
    plan: ImportPlan,
    names: Map<string, string>,
    manager: EntityManager,
  ): Promise<ExpenseImport> {
    const now = this.clock.now();
    const batch: ExpenseImport = {
      id: randomUUID(),
      userId,
      status: 'committed',
      fileName: file.name,
      fileSizeBytes: file.sizeBytes,
      fileSha256: file.sha256,
      options: storedOptions(query),
      rowCount: plan.rowCount,
      createdCount: plan.toCreate.length,
      duplicateCount: plan.duplicates.length,
      skippedCount: plan.skipped.length,
      createdCategories: plan.newCategories,
      createdAt: now,
      undoneAt: null,
      deletedCount: null,
    };
    await this.imports.insert(batch, manager);

    const newCategoryIds = new Map<string, string>();
    for (const name of plan.newCategories) {
      const category = await this.categories.createTopLevelIfNameFree(manager, userId, name, now);
      // Imports hold a per-user lock, but categories are also made through the API.
      if (!category) {
        throw new AppException(
          'CONFLICT',
          `A category "${name}" was created meanwhile; run the import again`,
        );
      }
      newCategoryIds.set(name, category.id);
      names.set(category.id, name);
    }

    const created = await this.writer.createManyIds(
      manager,
      userId,
      plan.toCreate.map(({ row, category }) => ({
        amount: row.amount,
        currency: row.currency,
        date: row.date,
        categoryId: 'id' in category ? category.id : newCategoryIds.get(category.newName)!,
        payee: row.payee,
        note: row.note,
      })),
      { audit: false },
    );
    await this.imports.insertRows(
      batch.id,
      userId,
      plan.toCreate.map(({ row }, index) => ({
        line: row.line,
        dedupeKey: row.dedupeKey,
        expenseId: created[index],
      })),
      manager,
    );

    for (const [name, id] of newCategoryIds) {
      await this.audit.record(manager, {
        action: ExpenseActions.CategoryCreated,
        resourceType: 'expense_category',
        resourceId: id,
        details: { name, parentId: null, importId: batch.id },
      });
    }
    await this.audit.record(manager, {
      action: ExpenseActions.ImportCommitted,
      resourceType: 'expense_import',
      resourceId: batch.id,
      // The file's hash, not its name: the trail keeps no text a client made up.
      details: {
        fileSha256: file.sha256,
        rows: plan.rowCount,
        created: plan.toCreate.length,
        duplicates: plan.duplicates.length,
        skipped: plan.skipped.length,
        createdCategories: plan.newCategories.length,
      },
    });
    return batch;
  }
}

/**
 * The category of rows that name none: the one asked for, which must be the user's and active,
 * or else the user's "Other" while it is active; undefined makes such rows errors.
 */
function fallbackCategory(
  categories: readonly CategoryRef[],
  requested: string | undefined,
): string | undefined {
  if (requested === undefined) {
    return categories.find((category) => category.defaultKey === 'other' && !category.archived)?.id;
  }
  const category = categories.find((candidate) => candidate.id === requested);
  if (!category) {
    throw new AppException('REFERENCED_RESOURCE_NOT_FOUND', 'No such category', {
      errors: [
        {
          field: 'defaultCategoryId',
          messages: ['defaultCategoryId must be one of your categories'],
        },
      ],
    });
  }
  if (category.archived) {
    throw new AppException('RESOURCE_ARCHIVED', 'The default category is archived', {
      errors: [{ field: 'defaultCategoryId', messages: ['the category is archived'] }],
    });
  }
  return category.id;
}
