import { Module } from '@nestjs/common';
import { AuditModule } from 'src/modules/audit/audit.module';
import { AuthModule } from 'src/modules/auth/auth.module';
import { CategoriesRepository } from 'src/modules/expenses/categories/categories.repository';
import { CurrenciesModule } from 'src/modules/expenses/currencies/currencies.module';
import { ExpenseWriter } from 'src/modules/expenses/expense-writer';
import { ExpensesRepository } from 'src/modules/expenses/expenses.repository';

/**
 * Expenses, their categories and their amounts in each user's base currency. Use cases live in
 * sub-folders (categories/, base-amounts/, currencies/, recurring/, import/); the expense CRUD
 * is at the root. Other modules get the ExpenseWriter and nothing else.
 */
@Module({
  imports: [CurrenciesModule, AuditModule, AuthModule],
  providers: [ExpensesRepository, CategoriesRepository, ExpenseWriter],
  exports: [ExpenseWriter],
})
export class ExpensesModule {}
