import { Module } from '@nestjs/common';
import { EventsModule } from 'src/platform/events/events.module';
import { IdempotencyModule } from 'src/platform/idempotency/idempotency.module';
import { AuditModule } from 'src/modules/audit/audit.module';
import { AuthModule } from 'src/modules/auth/auth.module';
import { CurrenciesModule } from 'src/modules/currencies/currencies.module';
import { CategoriesModule } from 'src/modules/expenses/categories/categories.module';
import { ExpenseWriter } from 'src/modules/expenses/expense-writer.service';
import { ExpensesRepository } from 'src/modules/expenses/expenses.repository';
import { ExpensesService } from 'src/modules/expenses/expenses.service';

/**
 * The expense records, apart from their routes so that the use cases writing expenses
 * (recurring, import) can import it while ExpensesModule imports them. Exports ExpenseWriter,
 * the one way to write expenses inside a caller's transaction, and ExpensesService, the reads
 * (and the expense rules of the HTTP routes); the expenses table is queried only from here
 * and from base-amounts.
 */
@Module({
  imports: [
    CategoriesModule,
    CurrenciesModule,
    AuditModule,
    AuthModule,
    IdempotencyModule,
    EventsModule,
  ],
  providers: [ExpensesRepository, ExpenseWriter, ExpensesService],
  exports: [ExpenseWriter, ExpensesService],
})
export class ExpensesCoreModule {}
