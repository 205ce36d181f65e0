import { Module } from '@nestjs/common';
import { IdempotencyModule } from 'src/platform/idempotency/idempotency.module';
import { AuditModule } from 'src/modules/audit/audit.module';
import { CategoriesModule } from 'src/modules/expenses/categories/categories.module';
import { ExpensesCoreModule } from 'src/modules/expenses/expenses-core.module';
import { MaterialiseRecurringJob } from 'src/modules/expenses/recurring/materialise-recurring.job';
import { RecurringExpensesController } from 'src/modules/expenses/recurring/recurring-expenses.controller';
import { RecurringExpensesRepository } from 'src/modules/expenses/recurring/recurring-expenses.repository';
import { RecurringExpensesService } from 'src/modules/expenses/recurring/recurring-expenses.service';
import { RecurringMaterialiser } from 'src/modules/expenses/recurring/recurring-materialiser';
import { RecurringOccurrencesRepository } from 'src/modules/expenses/recurring/recurring-occurrences.repository';

/**
 * Recurring expense rules and the job that turns their occurrences into expenses (through the
 * ExpenseWriter). Exports RecurringExpensesService, the rules' one way in.
 */
@Module({
  imports: [ExpensesCoreModule, CategoriesModule, AuditModule, IdempotencyModule],
  controllers: [RecurringExpensesController],
  providers: [
    RecurringExpensesRepository,
    RecurringOccurrencesRepository,
    RecurringExpensesService,
    RecurringMaterialiser,
    MaterialiseRecurringJob,
  ],
  exports: [RecurringExpensesService],
})
export class RecurringExpensesModule {}
