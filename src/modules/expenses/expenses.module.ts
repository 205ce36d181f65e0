import { Module } from '@nestjs/common';
import { EventsModule } from 'src/platform/events/events.module';
import { IdempotencyModule } from 'src/platform/idempotency/idempotency.module';
import { AuditModule } from 'src/modules/audit/audit.module';
import { AuthModule } from 'src/modules/auth/auth.module';
import { BaseAmountsRepository } from 'src/modules/expenses/base-amounts/base-amounts.repository';
import { BaseAmountsService } from 'src/modules/expenses/base-amounts/base-amounts.service';
import { FxRefreshJob } from 'src/modules/expenses/base-amounts/fx-refresh.job';
import { BudgetAlertsJob } from 'src/modules/expenses/budgets/budget-alerts.job';
import { BudgetAlertsRepository } from 'src/modules/expenses/budgets/budget-alerts.repository';
import { BudgetAlertsService } from 'src/modules/expenses/budgets/budget-alerts.service';
import { BudgetRebaseService } from 'src/modules/expenses/budgets/budget-rebase.service';
import { BudgetSpendingRepository } from 'src/modules/expenses/budgets/budget-spending.repository';
import { BudgetStatusService } from 'src/modules/expenses/budgets/budget-status.service';
import { BudgetsController } from 'src/modules/expenses/budgets/budgets.controller';
import { BudgetsRepository } from 'src/modules/expenses/budgets/budgets.repository';
import { BudgetsService } from 'src/modules/expenses/budgets/budgets.service';
import { CategoriesController } from 'src/modules/expenses/categories/categories.controller';
import { CategoriesRepository } from 'src/modules/expenses/categories/categories.repository';
import { CategoriesService } from 'src/modules/expenses/categories/categories.service';
import { CurrenciesModule } from 'src/modules/currencies/currencies.module';
import { ExpenseWriter } from 'src/modules/expenses/expense-writer';
import { ExpensesController } from 'src/modules/expenses/expenses.controller';
import { ExpensesRepository } from 'src/modules/expenses/expenses.repository';
import { ExpensesService } from 'src/modules/expenses/expenses.service';
import { MaterialiseRecurringJob } from 'src/modules/expenses/recurring/materialise-recurring.job';
import { RecurringExpensesController } from 'src/modules/expenses/recurring/recurring-expenses.controller';
import { RecurringExpensesRepository } from 'src/modules/expenses/recurring/recurring-expenses.repository';
import { RecurringExpensesService } from 'src/modules/expenses/recurring/recurring-expenses.service';
import { RecurringMaterialiser } from 'src/modules/expenses/recurring/recurring-materialiser';
import { RecurringOccurrencesRepository } from 'src/modules/expenses/recurring/recurring-occurrences.repository';

import { SummariesController } from 'src/modules/expenses/summaries/summaries.controller';
import { SummariesRepository } from 'src/modules/expenses/summaries/summaries.repository';
import { SummariesService } from 'src/modules/expenses/summaries/summaries.service';
import { ExpenseExportController } from 'src/modules/expenses/export/expense-export.controller';
import { ExpenseExportService } from 'src/modules/expenses/export/expense-export.service';
import { ExpenseImportsController } from 'src/modules/expenses/import/expense-imports.controller';
import { ExpenseImportsRepository } from 'src/modules/expenses/import/expense-imports.repository';
import { ExpenseImportsService } from 'src/modules/expenses/import/expense-imports.service';

/**
 * Expenses, their categories and their amounts in each user's base currency, with budgets,
 * recurring expenses, CSV import and export, and summaries over them. Use cases live in
 * sub-folders (categories/, base-amounts/, budgets/, currencies/, recurring/, import/,
 * export/, summaries/); the expense CRUD is at the root. Other modules get the ExpenseWriter,
 * the CategoriesService and the SummariesService, nothing else.
 */
@Module({
  imports: [CurrenciesModule, AuditModule, AuthModule, IdempotencyModule, EventsModule],
  controllers: [
    ExpensesController,
    CategoriesController,
    RecurringExpensesController,
    BudgetsController,
    SummariesController,
    ExpenseExportController,
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
    RecurringExpensesRepository,
    RecurringOccurrencesRepository,
    RecurringExpensesService,
    RecurringMaterialiser,
    MaterialiseRecurringJob,
    BudgetsRepository,
    BudgetSpendingRepository,
    BudgetAlertsRepository,
    BudgetsService,
    BudgetRebaseService,
    BudgetStatusService,
    BudgetAlertsService,
    BudgetAlertsJob,
    SummariesRepository,
    SummariesService,
    ExpenseImportsRepository,
    ExpenseImportsService,
    ExpenseExportService,
  ],
  exports: [ExpenseWriter, CategoriesService, SummariesService],
})
export class ExpensesModule {}
