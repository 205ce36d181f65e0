import { Module } from '@nestjs/common';
import { IdempotencyModule } from 'src/platform/idempotency/idempotency.module';
import { AuditModule } from 'src/modules/audit/audit.module';
import { AuthModule } from 'src/modules/auth/auth.module';
import { BaseAmountsRepository } from 'src/modules/expenses/base-amounts/base-amounts.repository';
import { BaseAmountsService } from 'src/modules/expenses/base-amounts/base-amounts.service';
import { FxRefreshJob } from 'src/modules/expenses/base-amounts/fx-refresh.job';
import { CategoriesController } from 'src/modules/expenses/categories/categories.controller';
import { CategoriesRepository } from 'src/modules/expenses/categories/categories.repository';
import { CategoriesService } from 'src/modules/expenses/categories/categories.service';
import { CurrenciesModule } from 'src/modules/expenses/currencies/currencies.module';
import { ExpenseWriter } from 'src/modules/expenses/expense-writer';
import { ExpensesController } from 'src/modules/expenses/expenses.controller';
import { ExpensesRepository } from 'src/modules/expenses/expenses.repository';
import { ExpensesService } from 'src/modules/expenses/expenses.service';
import { ExpenseExportController } from 'src/modules/expenses/export/expense-export.controller';
import { ExpenseExportService } from 'src/modules/expenses/export/expense-export.service';
import { ExpenseImportsController } from 'src/modules/expenses/import/expense-imports.controller';
import { ExpenseImportsRepository } from 'src/modules/expenses/import/expense-imports.repository';
import { ExpenseImportsService } from 'src/modules/expenses/import/expense-imports.service';

/**
 * Expenses, their categories and their amounts in each user's base currency. Use cases live in
 * sub-folders (categories/, base-amounts/, currencies/, recurring/, import/, export/); the
 * expense CRUD is at the root. Other modules get the ExpenseWriter and the CategoriesService,
 * nothing else.
 */
@Module({
  imports: [CurrenciesModule, AuditModule, AuthModule, IdempotencyModule],
  controllers: [
    ExpensesController,
    ExpenseExportController,
    CategoriesController,
    ExpenseImportsController,
  ],
  providers: [
    ExpensesRepository,
    ExpensesService,
    ExpenseWriter,
    CategoriesRepository,
    CategoriesService,
    BaseAmountsRepository,
    BaseAmountsService,
    FxRefreshJob,
    ExpenseImportsRepository,
    ExpenseImportsService,
    ExpenseExportService,
  ],
  exports: [ExpenseWriter, CategoriesService],
})
export class ExpensesModule {}
