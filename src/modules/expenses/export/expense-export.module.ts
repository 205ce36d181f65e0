import { Module } from '@nestjs/common';
import { CategoriesModule } from 'src/modules/expenses/categories/categories.module';
import { ExpensesCoreModule } from 'src/modules/expenses/expenses-core.module';
import { ExpenseExportController } from 'src/modules/expenses/export/expense-export.controller';
import { ExpenseExportService } from 'src/modules/expenses/export/expense-export.service';

/**
 * CSV export of a user's expenses, read through ExpensesService and named through
 * CategoriesService. Exports ExpenseExportService (reports may render the same file).
 */
@Module({
  imports: [ExpensesCoreModule, CategoriesModule],
  controllers: [ExpenseExportController],
  providers: [ExpenseExportService],
  exports: [ExpenseExportService],
})
export class ExpenseExportModule {}
