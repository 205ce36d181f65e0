import { Module } from '@nestjs/common';
import { AuditModule } from 'src/modules/audit/audit.module';
import { CategoriesModule } from 'src/modules/expenses/categories/categories.module';
import { ExpensesCoreModule } from 'src/modules/expenses/expenses-core.module';
import { ExpenseImportsController } from 'src/modules/expenses/import/expense-imports.controller';
import { ExpenseImportsRepository } from 'src/modules/expenses/import/expense-imports.repository';
import { ExpenseImportsService } from 'src/modules/expenses/import/expense-imports.service';

/**
 * CSV imports of expenses (dry run, import, undo), written through the ExpenseWriter.
 * Exports ExpenseImportsService, the imports' one way in.
 */
@Module({
  imports: [ExpensesCoreModule, CategoriesModule, AuditModule],
  controllers: [ExpenseImportsController],
  providers: [ExpenseImportsRepository, ExpenseImportsService],
  exports: [ExpenseImportsService],
})
export class ExpenseImportsModule {}
