import { Module } from '@nestjs/common';
import { EventsModule } from 'src/platform/events/events.module';
import { IdempotencyModule } from 'src/platform/idempotency/idempotency.module';
import { AuditModule } from 'src/modules/audit/audit.module';
import { AuthModule } from 'src/modules/auth/auth.module';
import { CurrenciesModule } from 'src/modules/currencies/currencies.module';
import { BudgetAlertsJob } from 'src/modules/expenses/budgets/budget-alerts.job';
import { BudgetAlertsRepository } from 'src/modules/expenses/budgets/budget-alerts.repository';
import { BudgetAlertsService } from 'src/modules/expenses/budgets/budget-alerts.service';
import { BudgetRebaseService } from 'src/modules/expenses/budgets/budget-rebase.service';
import { BudgetSpendingRepository } from 'src/modules/expenses/budgets/budget-spending.repository';
import { BudgetStatusService } from 'src/modules/expenses/budgets/budget-status.service';
import { BudgetsController } from 'src/modules/expenses/budgets/budgets.controller';
import { BudgetsRepository } from 'src/modules/expenses/budgets/budgets.repository';
import { BudgetsService } from 'src/modules/expenses/budgets/budgets.service';
import { CategoriesModule } from 'src/modules/expenses/categories/categories.module';

/**
 * Monthly budgets, their status and rollover, and the alert mails. Reacts to expense writes
 * (ExpensesChanged) and base-currency changes (BaseCurrencyChanged) through events, so nothing
 * it holds is called from outside. Exports BudgetsService for whoever needs budgets next.
 */
@Module({
  imports: [
    CategoriesModule,
    CurrenciesModule,
    AuthModule,
    AuditModule,
    IdempotencyModule,
    EventsModule,
  ],
  controllers: [BudgetsController],
  providers: [
    BudgetsRepository,
    BudgetSpendingRepository,
    BudgetAlertsRepository,
    BudgetsService,
    BudgetRebaseService,
    BudgetStatusService,
    BudgetAlertsService,
    BudgetAlertsJob,
  ],
  exports: [BudgetsService],
})
export class BudgetsModule {}
