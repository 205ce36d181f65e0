import { Module } from '@nestjs/common';
import { BaseAmountsModule } from 'src/modules/expenses/base-amounts/base-amounts.module';
import { FxRefreshModule } from 'src/modules/expenses/base-amounts/fx-refresh.module';
import { BudgetsModule } from 'src/modules/expenses/budgets/budgets.module';
import { CategoriesModule } from 'src/modules/expenses/categories/categories.module';
import { ExpensesController } from 'src/modules/expenses/expenses.controller';
import { ExpensesCoreModule } from 'src/modules/expenses/expenses-core.module';
import { ExpenseExportModule } from 'src/modules/expenses/export/expense-export.module';
import { ExpenseImportsModule } from 'src/modules/expenses/import/expense-imports.module';
import { RecurringExpensesModule } from 'src/modules/expenses/recurring/recurring-expenses.module';
import { SummariesModule } from 'src/modules/expenses/summaries/summaries.module';

/**
 * Expenses: the expense CRUD routes here (over ExpensesCoreModule), and one module per use case
 * beside it, each exporting one service. Exports ExpensesCoreModule (ExpenseWriter and
 * ExpensesService), CategoriesModule and SummariesModule: what the demo data, and vehicles and
 * reports next, use of expenses.
 *
 * The order of the imports is the order of the routes in the OpenAPI document, and puts
 * BaseAmountsModule's BaseCurrencyChanged handler (re-basing expenses) before BudgetsModule's
 * (re-basing budgets), the order they ran in when they were one module.
 */
@Module({
  imports: [
    ExpensesCoreModule,
    CategoriesModule,
    BaseAmountsModule,
    FxRefreshModule,
    RecurringExpensesModule,
    BudgetsModule,
    SummariesModule,
    ExpenseExportModule,
    ExpenseImportsModule,
  ],
  controllers: [ExpensesController],
  exports: [ExpensesCoreModule, CategoriesModule, SummariesModule],
})
export class ExpensesModule {}
